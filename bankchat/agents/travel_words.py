"""How customers ask whether their card works on a trip: "is my card ok to use in spain", "do i need to tell
you im going to france".

A plain function of the words, for the understanding stage. The classifier reads the first as a price
question (it answered with the whole price list) and the second as off-topic; both want the article on using
the card abroad, which also gives the costs.
"""

from __future__ import annotations

import re

from bankchat.agents.patterns import one_of

_COUNTRIES = (
    r"spain|france|italy|portugal|greece|germany|holland|the netherlands|netherlands|belgium"
    r"|ireland|turkey|cyprus|malta|croatia|switzerland|austria|poland|europe|the eu|eu|america|usa|us|the states"
    r"|states|canada|mexico|dubai|the uae|uae|egypt|morocco|thailand|bali|india|japan|australia|new york|florida"
    r"|paris|amsterdam|tenerife|ibiza|majorca|mallorca|lanzarote|benidorm|another country|other countries"
)
_PLACE = (
    r"abroad|overseas|out of the (?:uk|country)|on holiday|on hols|on my holidays?|on (?:a|my) trip|travel+ing|travel"
    rf"|(?:in|to) (?:the )?(?:{_COUNTRIES})"
)
"""Where the card is going: abroad in general words, or a destination UK customers often name."""
_CARD = r"(?:debit |credit |bank )?(?:card|visa|mastercard)s?"
_WHERE = one_of(_PLACE)
_WORKS = one_of(r"use|using|work|working|be ok|be okay|be fine|accepted|valid")
_MY_CARD = re.compile(rf"\b(?:my|the|our|this|your|a) {_CARD}\b|\bcards?\b", re.IGNORECASE)
_TELL_YOU = re.compile(
    r"\b(?:tell|let|inform|notify|warn)\s+(?:you|u|the bank|yous|you guys)\b.{0,60}\b(?:" + _PLACE + r"|going|away)\b"
    r"|\b(?:"
    + _PLACE
    + r"|going (?:away|to))\b.{0,60}\b(?:tell|let|inform|notify|warn)\s+(?:you|u|the bank|you guys)\b"
    r"|\btravel (?:notice|notification|note|plans?)\b",
    re.IGNORECASE,
)
_NOT_ABOUT_USE = one_of(
    r"lost|stolen|nicked|declined|refused|rejected|(?:did|does|do|wo|is|are)n'?t (?:work|working|accepted)|doesnt work"
    r"|wont work|not working|not accepted|stopped working|stuck|charged|charge|fee"
)
"""A card that failed, went missing or was charged abroad is another question (declined payment, lost card)."""


def asks_card_abroad(text: str) -> bool:
    """ "can i use my debit card in spain", "will my card work in the usa", "do i need to tell you im going to
    france": using the card on a trip, never the price list or a payment abroad."""
    if _NOT_ABOUT_USE.search(text):
        return False
    uses_card = bool(_WHERE.search(text) and _WORKS.search(text) and _MY_CARD.search(text))
    return uses_card or bool(_TELL_YOU.search(text))


_SENDS = one_of(r"send|sending|sent|pay|paying|transfer|transferring|wire|wiring|move|moving|payments?|transfers?")
_ABROAD = re.compile(
    r"\b(?:abroad|overseas|internationally|international (?:payments?|transfers?)|(?:another|other|a different) "
    r"countr(?:y|ies)|out(?:side)? of the (?:uk|country)|foreign (?:accounts?|banks?|countr(?:y|ies)))\b"
    r"|\b(?:someone|somebody|friend|mate|family|relatives?|brother|sister|mum|mom|dad|son|daughter|wife|husband"
    r"|partner|girlfriend|boyfriend|cousin|uncle|aunt|people|person|account|bank)(?:\s+\w+)?\s+(?:in|to|from) "
    rf"(?:the )?(?!us\b|states\b)(?:{_COUNTRIES})\b"
    rf"|\b(?:money|cash|funds|it|euros|dollars|\d+)\s+(?:\w+\s+)?to (?:the )?(?!us\b|states\b)(?:{_COUNTRIES})\b",
    re.IGNORECASE,
)
"""Money going abroad: in general words, or to someone (or an account) in a country named."""


def asks_payment_abroad(text: str) -> bool:
    """ "can i send money abroad", "send 100 euros to my friend in spain", "i need to pay someone in france": a
    payment to another country, never a card used on a trip ("can i pay by card in spain") or a payee at home."""
    return bool(_SENDS.search(text) and _ABROAD.search(text)) and not _MY_CARD.search(text)
