"""Adding, renaming and removing payees: masked details only, no duplicates, history kept, every change audited."""

from __future__ import annotations

import pytest
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import find_payee, list_payees
from bankchat.bank.bank_details import read_iban, read_uk_details
from bankchat.bank.payee_changes import add_payee, remove_payee, rename_payee
from bankchat.bank.payee_details import details_hash
from bankchat.bank.payees import owned_payee
from bankchat.bank.transfer_views import TransferRequest
from bankchat.bank.transfers import execute_transfer
from bankchat.errors import DuplicatePayee, InvalidPayeeName, PayeeNotFound, TransferRejected
from bankchat.models import Account, AuditEntry, Payee
from tests.bank.helpers import demo_customer

TOM = read_uk_details("20-00-00", "12345678")
ANN = read_uk_details("08-99-99", "66374958")


def _audit(db: Db, owner: int) -> list[tuple[str, str]]:
    rows = db.exec(select(AuditEntry).where(AuditEntry.actor_id == owner).order_by(col(AuditEntry.id))).all()
    return [(r.action, r.detail) for r in rows]


def test_add_payee_stores_masked_details_and_a_keyed_hash_only(db: Db) -> None:
    owner = demo_customer(db, username="alice")

    view = add_payee(db=db, owner_id=owner, name="  Tom   Smith ", nickname="Bro", details=TOM)

    row = owned_payee(db=db, owner_id=owner, payee_id=view.id)
    assert (row.name, row.nickname, row.masked_account, row.sort_code) == ("Tom Smith", "bro", "•••• 5678", "••-••-00")
    assert row.details_hash == details_hash(TOM)
    stored = " ".join(str(v) for v in row.model_dump().values())
    assert "12345678" not in stored
    assert "200000" not in stored
    assert "Tom Smith" in [p.name for p in list_payees(db=db, owner_id=owner)]
    assert _audit(db, owner) == [("payee_add", f"payee {view.id} Tom Smith (•••• 5678, ••-••-00)")]


def test_add_payee_without_a_bank_name_takes_the_bank_of_its_sort_code(db: Db) -> None:
    owner = demo_customer(db, username="alice")

    derived = add_payee(db=db, owner_id=owner, name="Tom Smith", details=TOM)
    given = add_payee(db=db, owner_id=owner, name="Ann Lee", bank_name="My Credit Union", details=ANN)

    assert derived.bank_name == "Barclays"
    assert given.bank_name == "My Credit Union"


def test_add_payee_with_an_iban_abroad_masks_it(db: Db) -> None:
    owner = demo_customer(db, username="alice")

    view = add_payee(db=db, owner_id=owner, name="Hans Meier", details=read_iban("DE89 3704 0044 0532 0130 00"))

    assert (view.masked_account, view.sort_code) == ("•••• 3000", "IBAN DE")


@pytest.mark.parametrize("name", ["bob brown", "BOB BROWN", "Bob  Brown"])
def test_add_payee_refuses_a_name_already_listed_any_case(db: Db, name: str) -> None:
    owner = demo_customer(db, username="alice")

    with pytest.raises(DuplicatePayee, match=r"already have a payee called Bob Brown \(•••• \d{4}\)"):
        add_payee(db=db, owner_id=owner, name=name, details=TOM)
    assert _audit(db, owner) == []


def test_add_payee_refuses_a_name_that_is_another_payees_nickname(db: Db) -> None:
    owner = demo_customer(db, username="alice")

    with pytest.raises(DuplicatePayee, match="“landlord” is already the nickname of your payee Landlord - Oak"):
        add_payee(db=db, owner_id=owner, name="Landlord", details=TOM)


def test_add_payee_refuses_the_same_account_under_another_name_even_as_an_iban(db: Db) -> None:
    owner = demo_customer(db, username="alice")
    add_payee(db=db, owner_id=owner, name="Tom Smith", details=read_uk_details("12-34-56", "98765432"))

    with pytest.raises(DuplicatePayee, match="already saved as your payee Tom Smith"):
        add_payee(db=db, owner_id=owner, name="Thomas", details=read_iban("GB82 WEST 1234 5698 7654 32"))


def test_the_same_account_may_be_saved_by_two_customers(db: Db) -> None:
    first, second = demo_customer(db, username="alice"), demo_customer(db, username="bob")
    add_payee(db=db, owner_id=first, name="Tom Smith", details=TOM)

    assert add_payee(db=db, owner_id=second, name="Tom Smith", details=TOM).name == "Tom Smith"


@pytest.mark.parametrize("name", ["", "   ", "x" * 121, "Tom\x00Smith", "!!!"])
def test_add_payee_refuses_unusable_names(db: Db, name: str) -> None:
    owner = demo_customer(db, username="alice")

    with pytest.raises(InvalidPayeeName):
        add_payee(db=db, owner_id=owner, name=name, details=TOM)


def test_rename_payee_changes_name_and_nickname_and_is_audited(db: Db) -> None:
    owner = demo_customer(db, username="alice")
    bob = find_payee(db=db, owner_id=owner, words="bob")
    assert bob is not None

    view = rename_payee(db=db, owner_id=owner, payee_id=bob.id, name="Bobby Brown", nickname="Bobby")

    assert (view.name, view.nickname) == ("Bobby Brown", "bobby")
    found = find_payee(db=db, owner_id=owner, words="bobby")
    assert found is not None
    assert found.id == bob.id
    assert _audit(db, owner)[-1][0] == "payee_rename"
    assert "was Bob Brown" in _audit(db, owner)[-1][1]


def test_rename_payee_refuses_another_payees_name_but_not_its_own(db: Db) -> None:
    owner = demo_customer(db, username="alice")
    bob = find_payee(db=db, owner_id=owner, words="bob")
    assert bob is not None

    with pytest.raises(DuplicatePayee, match="Priya Shah"):
        rename_payee(db=db, owner_id=owner, payee_id=bob.id, name="priya shah")
    assert rename_payee(db=db, owner_id=owner, payee_id=bob.id, name="BOB BROWN").name == "BOB BROWN"


def test_rename_or_remove_another_customers_payee_is_not_found(db: Db) -> None:
    owner, other = demo_customer(db, username="alice"), demo_customer(db, username="bob")
    theirs = list_payees(db=db, owner_id=other)[0]

    with pytest.raises(PayeeNotFound):
        rename_payee(db=db, owner_id=owner, payee_id=theirs.id, name="Mine now")
    with pytest.raises(PayeeNotFound):
        remove_payee(db=db, owner_id=owner, payee_id=theirs.id)
    assert list_payees(db=db, owner_id=other)[0] == theirs


def test_remove_payee_hides_it_keeps_its_transfers_and_frees_its_name(db: Db) -> None:
    owner = demo_customer(db, username="alice")
    bob = find_payee(db=db, owner_id=owner, words="bob")
    assert bob is not None
    checking = db.exec(select(Account).where(Account.owner_id == owner, Account.kind == "checking")).one()
    assert checking.id is not None
    paid = TransferRequest(source_account_id=checking.id, amount_cents=500, payee_id=bob.id)
    sent = execute_transfer(db=db, owner_id=owner, request=paid, idempotency_key="before-removal")

    remove_payee(db=db, owner_id=owner, payee_id=bob.id)

    assert bob.id not in [p.id for p in list_payees(db=db, owner_id=owner)]
    assert find_payee(db=db, owner_id=owner, words="bob") is None
    assert db.get(Payee, bob.id) is not None
    replayed = execute_transfer(db=db, owner_id=owner, request=paid, idempotency_key="before-removal")
    assert (replayed.id, replayed.target_name, replayed.replayed) == (sent.id, "Bob Brown", True)
    with pytest.raises(TransferRejected, match="not one of yours"):
        execute_transfer(db=db, owner_id=owner, request=paid, idempotency_key="after-removal")
    with pytest.raises(PayeeNotFound):
        remove_payee(db=db, owner_id=owner, payee_id=bob.id)
    assert add_payee(db=db, owner_id=owner, name="Bob Brown", details=TOM).id != bob.id
    assert [a for a, _ in _audit(db, owner)] == ["payee_remove", "payee_add"]
