"""The shipped reminder scenarios, business and consumer; texts are English msgids (reminders.po).

Placeholders a text may use: {customer} {creditor} {enterprise_number} {balance} {damages}
{debt_for} {due_date} {pay_by} {total} {fees} {interest}.
"""

from __future__ import annotations

from .dunning import Level, Scenario

PRE_DUE_TITLE = "Friendly payment note"
PRE_DUE = (
    "Dear {customer},\n\nA short, friendly note: payment of {debt_for} falls due on {due_date}. "
    "If the payment is already on its way, thank you, and please disregard this note."
)
LEVEL1_TITLE = "Payment reminder"
BUSINESS_1 = (
    "Dear {customer},\n\nYou have probably overlooked our invoice: according to our records, we have not yet "
    "received payment of {debt_for}, due on {due_date}. We kindly ask you to pay the balance of {balance} "
    "by {pay_by}, using the structured communication below. If you have paid in the meantime, please "
    "disregard this letter."
)
LEVEL2_TITLE = "Second reminder"
BUSINESS_2 = (
    "Dear {customer},\n\nDespite our earlier reminder, we have still not received payment of {debt_for}. Under the law of "
    "2 August 2002 on late payment in commercial transactions, late-payment interest and a fixed "
    "compensation of € 40 per invoice are due without notice. We ask you to pay {total} by {pay_by}. "
    "We will also call you in the coming days."
)
LEVEL3_TITLE = "Formal notice"
BUSINESS_3 = (
    "Dear {customer},\n\nOur previous reminders remained unanswered. We hereby formally give you notice to "
    "pay {total} by {pay_by} at the latest. If we have not received payment by that date, we will hand "
    "the file to a bailiff or a collection agency without further notice, and all further costs of "
    "recovery will be at your expense."
)
CONSUMER_1 = (
    "Dear {customer},\n\nYou have probably overlooked our invoice. {creditor} (enterprise number "
    "{enterprise_number}) reminds you that a balance of {balance} is still outstanding on {debt_for}, due on "
    "{due_date}. This reminder is free of charge. Please pay by {pay_by}. If we have not received payment "
    "by then, we may claim damages of {damages} and late-payment interest, within the limits of the Code "
    "of Economic Law (Book XIX)."
)
CONSUMER_2 = (
    "Dear {customer},\n\nDespite our free reminder, we have still not received payment of {debt_for}. As announced, we now "
    "claim the damages and interest the law allows. Please pay {total} by {pay_by}. We will also call "
    "you in the coming days."
)
CONSUMER_3 = (
    "Dear {customer},\n\nOur reminders remained without response. We hereby formally give you notice to "
    "pay {total} by {pay_by}. Without payment by that date, we will entrust the recovery of this debt to "
    "a bailiff or a collection agency."
)

# Every msgid above, for the translation check.
MESSAGES = (
    PRE_DUE_TITLE, PRE_DUE, LEVEL1_TITLE, BUSINESS_1, LEVEL2_TITLE, BUSINESS_2, LEVEL3_TITLE, BUSINESS_3,
    CONSUMER_1, CONSUMER_2, CONSUMER_3,
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
            Level(2, 14, 10, "letter", LEVEL2_TITLE, BUSINESS_2, fees=True, interest=True, call_task=True, pay_within_days=7),
            Level(3, 24, 10, "letter", LEVEL3_TITLE, BUSINESS_3, fees=True, interest=True, pay_within_days=8),
        ),
    )


def shipped() -> dict[str, Scenario]:
    return {s.code: s for s in (business(), consumer(), strict_business())}
