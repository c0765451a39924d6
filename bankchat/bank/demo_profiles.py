"""Who the demo customers are: income, housing, habits and payees (amounts in cents)."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Habit:
    """A purchase that happens on some days: where, how much, how often, on which account."""

    category: str
    merchants: tuple[str, ...]
    low_cents: int
    high_cents: int
    chance: float
    """Probability on a day it may happen."""
    days: str = "all"
    """``weekdays``, ``weekends`` or ``all``."""
    account: str = "checking"
    """``checking`` or ``credit``."""
    hours: tuple[int, int] = (9, 20)
    """The first and last hour of the day (UTC) it may happen in."""


@dataclass(frozen=True)
class Bill:
    """Something paid on the same day every month (standing order or direct debit)."""

    merchant: str
    category: str
    day: int
    cents: int
    account: str = "checking"
    vary: bool = False
    """Whether the amount changes a little from month to month (energy, water)."""


@dataclass(frozen=True)
class Profile:
    """One demo customer's money life."""

    employer: str
    salary_cents: int
    salary_day: int
    bills: tuple[Bill, ...]
    habits: tuple[Habit, ...]
    opening_checking_cents: int
    opening_savings_cents: int
    opening_credit_owed_cents: int
    credit_limit_cents: int
    overdraft_cents: int
    monthly_saving_cents: int
    payees: tuple[tuple[str, str, str, str], ...]
    """``(name, nickname, sort code, account number)``: made-up details that pass the modulus check, in a range
    of ``bank_directory`` (the payee's bank is named from it)."""


GROCERS = ("Tesco", "Sainsbury's", "Waitrose", "Lidl", "Co-op", "M&S Food")
COFFEE = ("Pret A Manger", "Costa Coffee", "Caffè Nero", "Starbucks")
DINING = ("Dishoom", "Nando's", "Wagamama", "Pizza Express", "Franco Manca", "Honest Burgers")
SHOPS = ("Amazon", "Amazon", "John Lewis", "ASOS", "Argos", "Uniqlo")


def _habits(*, coffee: float, dining_account: str, shopping_account: str) -> tuple[Habit, ...]:
    return (
        Habit("coffee", COFFEE, 275, 465, coffee, "weekdays", hours=(7, 15)),
        Habit("transport", ("TfL",), 280, 840, 0.8, "weekdays", hours=(7, 19)),
        Habit("transport", ("Uber",), 850, 2400, 0.15, "weekends", hours=(18, 23)),
        Habit("groceries", GROCERS[:3], 4500, 11500, 0.45, "weekends"),
        Habit("groceries", GROCERS[3:], 650, 2600, 0.3, "weekdays", hours=(12, 20)),
        Habit("dining", DINING, 1800, 6500, 0.45, "weekends", dining_account, hours=(12, 22)),
        Habit("shopping", SHOPS, 800, 8500, 0.12, "all", shopping_account),
        Habit("entertainment", ("Odeon", "Vue Cinemas", "Ticketmaster"), 900, 4500, 0.06, "all", dining_account),
        Habit("health", ("Boots", "Superdrug"), 350, 2500, 0.05),
        Habit("cash", ("Cash machine",), 2000, 10000, 0.08),
    )


PROFILES: dict[str, Profile] = {
    "alice": Profile(
        employer="Northwind Analytics Ltd",
        salary_cents=345_218,
        salary_day=25,
        bills=(
            Bill("Oak Estates", "rent", 1, 125_000),
            Bill("Lambeth Council Tax", "utilities", 1, 16_400),
            Bill("British Gas", "utilities", 5, 7_800, vary=True),
            Bill("Netflix", "subscriptions", 7, 1_099, "credit"),
            Bill("Thames Water", "utilities", 12, 3_850, vary=True),
            Bill("Spotify", "subscriptions", 12, 1_199, "credit"),
            Bill("Vodafone", "utilities", 18, 2_400),
            Bill("iCloud", "subscriptions", 20, 299, "credit"),
            Bill("PureGym", "health", 3, 2_499),
        ),
        habits=_habits(coffee=0.7, dining_account="credit", shopping_account="credit"),
        opening_checking_cents=184_250,
        opening_savings_cents=1_250_000,
        opening_credit_owed_cents=42_315,
        credit_limit_cents=500_000,
        overdraft_cents=50_000,
        monthly_saving_cents=50_000,
        payees=(
            ("Bob Brown", "bob", "04-00-04", "77736320"),
            ("Landlord - Oak Estates", "landlord", "20-41-52", "72414135"),
            ("Priya Shah", "priya", "60-83-71", "63978800"),
        ),
    ),
    "bob": Profile(
        employer="Brown & Sons Joinery",
        salary_cents=278_645,
        salary_day=28,
        bills=(
            Bill("Nationwide Mortgage", "rent", 2, 98_000),
            Bill("Leeds City Council", "utilities", 1, 13_900),
            Bill("Octopus Energy", "utilities", 8, 9_200, vary=True),
            Bill("Yorkshire Water", "utilities", 14, 3_100, vary=True),
            Bill("Disney+", "subscriptions", 9, 799),
            Bill("Spotify", "subscriptions", 16, 1_199),
            Bill("EE", "utilities", 21, 1_800),
            Bill("Netflix", "subscriptions", 23, 1_099, "credit"),
        ),
        habits=_habits(coffee=0.45, dining_account="checking", shopping_account="credit"),
        opening_checking_cents=96_040,
        opening_savings_cents=412_500,
        opening_credit_owed_cents=18_760,
        credit_limit_cents=300_000,
        overdraft_cents=25_000,
        monthly_saving_cents=25_000,
        payees=(
            ("Alice Anderson", "alice", "30-98-21", "23602321"),
            ("Mum", "mum", "07-04-36", "29918662"),
        ),
    ),
}


def profile_for(username: str, rng: random.Random) -> Profile:
    """The named demo customer's profile, or a plausible one drawn from ``rng`` for anyone else."""
    if username in PROFILES:
        return PROFILES[username]
    return Profile(
        employer="Contoso Bank plc",
        salary_cents=rng.randrange(2_400_00, 4_600_00, 25),
        salary_day=rng.choice((25, 26, 27, 28)),
        bills=(
            Bill("Greenway Lettings", "rent", 1, rng.randrange(850_00, 1_400_00, 500)),
            Bill("Council Tax", "utilities", 1, rng.randrange(120_00, 180_00, 100)),
            Bill("EDF Energy", "utilities", 6, rng.randrange(60_00, 110_00, 100), vary=True),
            Bill("Netflix", "subscriptions", 11, 1_099, "credit"),
            Bill("Three Mobile", "utilities", 19, 1_600),
        ),
        habits=_habits(coffee=rng.choice((0.3, 0.5, 0.7)), dining_account="credit", shopping_account="credit"),
        opening_checking_cents=rng.randrange(500_00, 2_500_00, 5),
        opening_savings_cents=rng.randrange(1_000_00, 15_000_00, 50),
        opening_credit_owed_cents=rng.randrange(0, 500_00, 5),
        credit_limit_cents=rng.choice((200_000, 300_000, 500_000)),
        overdraft_cents=rng.choice((0, 25_000, 50_000)),
        monthly_saving_cents=rng.choice((10_000, 20_000, 30_000)),
        payees=(
            ("Sam Taylor", "sam", "04-00-04", "72143795"),
            ("Landlord - Greenway Lettings", "landlord", "40-12-76", "49604832"),
        ),
    )
