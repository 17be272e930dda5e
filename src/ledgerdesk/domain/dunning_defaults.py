"""The shipped reminder scenarios, business and consumer; texts are English msgids (reminders*.po).

Placeholders a text may use: {salutation} {customer} {creditor} {enterprise_number} {balance}
{damages} {debt_for} {due_date} {pay_by} {total} {fees} {interest}.

A text opens with {salutation} ("Dear Sir or Madam," for a company, never "Dear Atelier NV,").
Texts that speak of "our invoice" have a second version for a letter about several invoices
(`for_count`). Texts of earlier versions stay known (`_UPGRADES`): a scenario saved with one
of them gets today's wording, so a fix to the shipped texts reaches every book.
"""

from __future__ import annotations

from .dunning import Level, Scenario

PRE_DUE_TITLE = "Friendly payment note"
LEVEL1_TITLE = "Payment reminder"
LEVEL2_TITLE = "Second reminder"
LEVEL3_TITLE = "Formal notice"

PRE_DUE = (
    "{salutation}\n\nA short, friendly note: payment of {debt_for} falls due on {due_date}. "
    "If the payment is already on its way, thank you, and please disregard this note."
)
PRE_DUE_MANY = (
    "{salutation}\n\nA short, friendly note: payment of {debt_for} falls due soon; the list below gives the due date of "
    "each invoice. If the payment is already on its way, thank you, and please disregard this note."
)
BUSINESS_1 = (
    "{salutation}\n\nYou have probably overlooked our invoice: according to our records, we have not yet "
    "received payment of {debt_for}, due on {due_date}. We kindly ask you to pay the balance of {balance} "
    "by {pay_by}, using the structured communication below. If you have paid in the meantime, please "
    "disregard this letter."
)
BUSINESS_1_MANY = (
    "{salutation}\n\nYou have probably overlooked our invoices: according to our records, we have not yet "
    "received payment of {debt_for}; the list below gives the due date of each. We kindly ask you to pay the "
    "balance of {balance} by {pay_by}, using the structured communication below. If you have paid in the "
    "meantime, please disregard this letter."
)
BUSINESS_2 = (
    "{salutation}\n\nDespite our earlier reminder, we have still not received payment of {debt_for}. Under the law of "
    "2 August 2002 on late payment in commercial transactions, late-payment interest and a fixed "
    "compensation of € 40 per invoice are due without notice. We ask you to pay {total} by {pay_by}. "
    "We will also call you in the coming days."
)
BUSINESS_3 = (
    "{salutation}\n\nOur previous reminders remained unanswered. We hereby formally give you notice to "
    "pay {total} by {pay_by}. If we have not received payment by that date, we will hand "
    "the file to a bailiff or a collection agency without further notice, and all further costs of "
    "recovery will be at your expense."
)
CONSUMER_1 = (
    "{salutation}\n\nYou have probably overlooked our invoice. {creditor} (enterprise number "
    "{enterprise_number}) reminds you that a balance of {balance} is still outstanding on {debt_for}, due on "
    "{due_date}. This reminder is free of charge. Please pay by {pay_by}. If we have not received payment "
    "by then, we may claim damages of {damages} and late-payment interest, within the limits of the Code "
    "of Economic Law (Book XIX)."
)
CONSUMER_1_MANY = (
    "{salutation}\n\nYou have probably overlooked our invoices. {creditor} (enterprise number "
    "{enterprise_number}) reminds you that a balance of {balance} is still outstanding on {debt_for}, due on "
    "{due_date} respectively. This reminder is free of charge. Please pay by {pay_by}. If we have not received "
    "payment by then, we may claim damages of {damages} and late-payment interest, within the limits of the "
    "Code of Economic Law (Book XIX)."
)
CONSUMER_2 = (
    "{salutation}\n\nDespite our free reminder, we have still not received payment of {debt_for}. As announced, we now "
    "claim the damages and interest the law allows. Please pay {total} by {pay_by}. We will also call "
    "you in the coming days."
)
CONSUMER_3 = (
    "{salutation}\n\nOur reminders remained without response. We hereby formally give you notice to "
    "pay {total} by {pay_by}. Without payment by that date, we will entrust the recovery of this debt to "
    "a bailiff or a collection agency."
)

# The texts of earlier versions (msgids of reminders.po), as scenarios saved then still hold them.
_OLD_PRE_DUE = (
    "Dear {customer},\n\nA short, friendly note: payment of {debt_for} falls due on {due_date}. "
    "If the payment is already on its way, thank you, and please disregard this note."
)
_OLD_BUSINESS_1 = (
    "Dear {customer},\n\nYou have probably overlooked our invoice: according to our records, we have not yet "
    "received payment of {debt_for}, due on {due_date}. We kindly ask you to pay the balance of {balance} "
    "by {pay_by}, using the structured communication below. If you have paid in the meantime, please "
    "disregard this letter."
)
_OLD_BUSINESS_2 = (
    "Dear {customer},\n\nDespite our earlier reminder, we have still not received payment of {debt_for}. Under the law of "
    "2 August 2002 on late payment in commercial transactions, late-payment interest and a fixed "
    "compensation of € 40 per invoice are due without notice. We ask you to pay {total} by {pay_by}. "
    "We will also call you in the coming days."
)
_OLD_BUSINESS_3 = (
    "Dear {customer},\n\nOur previous reminders remained unanswered. We hereby formally give you notice to "
    "pay {total} by {pay_by} at the latest. If we have not received payment by that date, we will hand "
    "the file to a bailiff or a collection agency without further notice, and all further costs of "
    "recovery will be at your expense."
)
_OLD_CONSUMER_1 = (
    "Dear {customer},\n\nYou have probably overlooked our invoice. {creditor} (enterprise number "
    "{enterprise_number}) reminds you that a balance of {balance} is still outstanding on {debt_for}, due on "
    "{due_date}. This reminder is free of charge. Please pay by {pay_by}. If we have not received payment "
    "by then, we may claim damages of {damages} and late-payment interest, within the limits of the Code "
    "of Economic Law (Book XIX)."
)
_OLD_CONSUMER_2 = (
    "Dear {customer},\n\nDespite our free reminder, we have still not received payment of {debt_for}. As announced, we now "
    "claim the damages and interest the law allows. Please pay {total} by {pay_by}. We will also call "
    "you in the coming days."
)
_OLD_CONSUMER_3 = (
    "Dear {customer},\n\nOur reminders remained without response. We hereby formally give you notice to "
    "pay {total} by {pay_by}. Without payment by that date, we will entrust the recovery of this debt to "
    "a bailiff or a collection agency."
)

_UPGRADES = {
    _OLD_PRE_DUE: PRE_DUE,
    _OLD_BUSINESS_1: BUSINESS_1,
    _OLD_BUSINESS_2: BUSINESS_2,
    _OLD_BUSINESS_3: BUSINESS_3,
    _OLD_CONSUMER_1: CONSUMER_1,
    _OLD_CONSUMER_2: CONSUMER_2,
    _OLD_CONSUMER_3: CONSUMER_3,
}
_MANY = {PRE_DUE: PRE_DUE_MANY, BUSINESS_1: BUSINESS_1_MANY, CONSUMER_1: CONSUMER_1_MANY}


def current(body: str) -> str:
    """Today's wording of a shipped text (an earlier version's msgid upgraded); any other text as is."""
    return _UPGRADES.get(body, body)


def for_count(body: str, count: int) -> str:
    """The shipped text for a letter about `count` invoices (the plural version when there is one)."""
    body = current(body)
    return _MANY.get(body, body) if count > 1 else body


# Every msgid above, for the translation check.
MESSAGES = (
    PRE_DUE_TITLE,
    PRE_DUE,
    LEVEL1_TITLE,
    BUSINESS_1,
    LEVEL2_TITLE,
    BUSINESS_2,
    LEVEL3_TITLE,
    BUSINESS_3,
    CONSUMER_1,
    CONSUMER_2,
    CONSUMER_3,
    PRE_DUE_MANY,
    BUSINESS_1_MANY,
    CONSUMER_1_MANY,
)


def business() -> Scenario:
    return Scenario(
        code="business",
        name="Business",
        kind="business",
        levels=(
            Level(0, -3, 0, "email", PRE_DUE_TITLE, PRE_DUE, enabled=False),
            Level(1, 10, 0, "letter", LEVEL1_TITLE, BUSINESS_1),
            Level(2, 24, 14, "letter", LEVEL2_TITLE, BUSINESS_2, fees=True, interest=True, call_task=True),
            Level(3, 38, 14, "letter", LEVEL3_TITLE, BUSINESS_3, fees=True, interest=True, pay_within_days=8),
        ),
    )


def consumer() -> Scenario:
    return Scenario(
        code="consumer",
        name="Consumer",
        kind="consumer",
        levels=(
            Level(0, -3, 0, "email", PRE_DUE_TITLE, PRE_DUE, enabled=False),
            Level(1, 10, 0, "letter", LEVEL1_TITLE, CONSUMER_1),
            Level(2, 24, 14, "letter", LEVEL2_TITLE, CONSUMER_2, fees=True, interest=True, call_task=True),
            Level(3, 38, 14, "letter", LEVEL3_TITLE, CONSUMER_3, fees=True, interest=True),
        ),
    )


def strict_business() -> Scenario:
    """For new business customers (see the setting `reminders.new_customer_scenario`): sooner and closer."""
    return Scenario(
        code="business-strict",
        name="Business, strict",
        kind="business",
        levels=(
            Level(0, -3, 0, "email", PRE_DUE_TITLE, PRE_DUE),
            Level(1, 3, 0, "letter", LEVEL1_TITLE, BUSINESS_1, pay_within_days=7),
            Level(
                2,
                14,
                10,
                "letter",
                LEVEL2_TITLE,
                BUSINESS_2,
                fees=True,
                interest=True,
                call_task=True,
                pay_within_days=7,
            ),
            Level(3, 24, 10, "letter", LEVEL3_TITLE, BUSINESS_3, fees=True, interest=True, pay_within_days=8),
        ),
    )


def shipped() -> dict[str, Scenario]:
    return {s.code: s for s in (business(), consumer(), strict_business())}
