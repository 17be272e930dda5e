"""E-mail out over SMTP (smtplib): the mail settings of a book, where the password comes from, and the transport.

The book keeps the server, port, security, user and sender; never the password. The command
line reads it from an environment variable whose *name* the settings hold (`--password-env`);
the app reads it from the operating system's keyring (`keyring`), under `KEYRING_SERVICE`.

The transport marks the point of no return (`handed_over`) just before the DATA command: before
it the server cannot have accepted the message, after it it may have (domain.outbox.after_crash).
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import asdict, dataclass
from email import message_from_bytes
from email.utils import getaddresses

from sqlalchemy.orm import Session

from ..domain.email_address import looks_like_email
from ..domain.outbox import ChannelDown, OutboxError, Outcome
from .company import get_setting, set_setting

MAIL_KEY = "mail"
KEYRING_SERVICE = "LedgerDesk SMTP"
SECURITIES = ("starttls", "tls", "none")
TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str  # starttls, tls, or none (a server on this computer only)
    user: str
    from_address: str
    password_env: str = ""  # the environment variable holding the password, for the command line
    oauth_provider: str = ""  # microsoft or google: XOAUTH2 with a token from services.oauth instead of a password
    oauth_client_id: str = ""

    def keyring_user(self) -> str:
        return f"{self.user}@{self.host}:{self.port}"


def _is_local(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_settings(settings: MailSettings) -> MailSettings:
    """The settings cleaned, or OutboxError saying which field is wrong."""
    host = settings.host.strip()
    if not host or any(c.isspace() for c in host):
        raise OutboxError("'{host}' is not a mail server name", host=settings.host)
    if not 1 <= settings.port <= 65535:
        raise OutboxError("the mail server port must be between 1 and 65535, not {port}", port=settings.port)
    if settings.security not in SECURITIES:
        raise OutboxError("security must be starttls, tls or none, not '{value}'", value=settings.security)
    if settings.security == "none" and not _is_local(host):
        # A password and invoices in clear text over the network: only a relay on this computer may do that.
        raise OutboxError("security 'none' is only allowed for a mail server on this computer, not {host}", host=host)
    if not looks_like_email(settings.from_address):
        raise OutboxError("'{address}' is not an e-mail address to send from", address=settings.from_address)
    env = settings.password_env.strip()
    if env and not env.replace("_", "").isalnum():
        raise OutboxError("'{name}' is not the name of an environment variable", name=settings.password_env)
    return MailSettings(
        host, settings.port, settings.security, settings.user.strip(), settings.from_address.strip(), env
    )


def save_mail_settings(session: Session, settings: MailSettings) -> MailSettings:
    """Store the mail settings of the book (checked); the password is never among them."""
    clean = check_settings(settings)
    set_setting(session, MAIL_KEY, asdict(clean))
    return clean


def mail_settings(session: Session) -> MailSettings | None:
    stored = get_setting(session, MAIL_KEY)
    if not isinstance(stored, dict):
        return None
    return MailSettings(**{k: stored[k] for k in MailSettings.__dataclass_fields__ if k in stored})


def password_from_env(settings: MailSettings, environ: dict[str, str]) -> str | None:
    """The command line's password: the environment variable the settings name (None: log in without one)."""
    if not settings.password_env:
        return None
    value = environ.get(settings.password_env)
    if value is None:
        raise OutboxError(
            "the environment variable {name} holding the mail password is not set", name=settings.password_env
        )
    return value


def password_from_keyring(settings: MailSettings) -> str | None:
    """The app's password: the operating system's keyring (None when none is stored)."""
    import keyring

    return keyring.get_password(KEYRING_SERVICE, settings.keyring_user())


def store_password_in_keyring(settings: MailSettings, password: str) -> None:
    import keyring

    keyring.set_password(KEYRING_SERVICE, settings.keyring_user(), password)


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {words}".strip()


class SmtpTransport:
    """Sends stored messages through one SMTP connection, opened on the first message and reused."""

    channel = "email"

    def __init__(
        self,
        settings: MailSettings,
        password: Callable[[], str | None],
        *,
        tls_context: ssl.SSLContext | None = None,
        xoauth2_token: Callable[[], str] | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.settings = settings
        self._password = password
        self._context = tls_context
        self._token = xoauth2_token
        self._timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        smtp: smtplib.SMTP | None = None
        try:
            smtp = self._open()
            self._login(smtp)
            return smtp
        except BaseException:
            if smtp is not None:  # a refused login or TLS leaves no socket behind
                smtp.close()
            raise

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        context = self._context or ssl.create_default_context()
        smtp: smtplib.SMTP | None = None
        opened = False
        try:
            if s.security == "tls":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=self._timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=self._timeout)
            smtp.ehlo()
            if s.security == "starttls":
                if not smtp.has_extn("starttls"):
                    smtp.close()
                    raise ChannelDown(f"{s.host} does not offer STARTTLS; nothing was sent", permanent=True)
                smtp.starttls(context=context)
                smtp.ehlo()
            opened = True
            return smtp
        except ChannelDown:
            raise
        except smtplib.SMTPResponseException as exc:
            raise ChannelDown(_reply(exc.smtp_code, exc.smtp_error), permanent=exc.smtp_code >= 500) from None
        except ssl.SSLError as exc:
            raise ChannelDown(f"TLS with {s.host}:{s.port} failed: {exc.reason or exc}", permanent=True) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelDown(f"cannot reach {s.host}:{s.port}: {exc}") from None
        finally:
            if smtp is not None and not opened:
                smtp.close()  # a refused STARTTLS or certificate leaves no socket behind

    def _login(self, smtp: smtplib.SMTP) -> None:
        try:
            self._log_in(smtp)
        except smtplib.SMTPAuthenticationError as exc:
            raise ChannelDown(_reply(exc.smtp_code, exc.smtp_error), permanent=True) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise ChannelDown(f"{self.settings.host} cannot log you in this way: {exc}", permanent=True) from None
        except smtplib.SMTPResponseException as exc:
            raise ChannelDown(_reply(exc.smtp_code, exc.smtp_error), permanent=exc.smtp_code >= 500) from None
        except OutboxError as exc:  # no password or token to log in with: said, the queue stops, nothing lost
            raise ChannelDown(str(exc), permanent=True) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelDown(f"the connection to {self.settings.host} broke while logging in: {exc}") from None

    def _log_in(self, smtp: smtplib.SMTP) -> None:
        if self._token is not None:
            token = self._token()
            auth = f"user={self.settings.user}\x01auth=Bearer {token}\x01\x01"
            # On a refused token the server sends a 334 with its reasons and waits for an empty line.
            smtp.auth("XOAUTH2", lambda challenge=None: auth if challenge is None else "", initial_response_ok=True)
            return
        password = self._password()
        if password is not None:
            smtp.login(self.settings.user, password)

    def send(self, message: bytes, recipient: str, key: str, handed_over: Callable[[], None]) -> Outcome:
        """One message to one recipient: the server's own answer, accepted or not."""
        reused = self._smtp is not None
        smtp = self._smtp or self._connect()
        self._smtp = smtp
        sender = self.settings.from_address
        try:
            try:
                code, text = smtp.mail(sender)
            except (smtplib.SMTPServerDisconnected, OSError):
                if not reused:
                    raise
                # The server closed the idle connection between two messages: one fresh connection.
                self._drop()
                smtp = self._smtp = self._connect()
                code, text = smtp.mail(sender)
            if code != 250:
                smtp.rset()
                return Outcome(False, _reply(code, text), permanent=code >= 500)
            code, text = smtp.rcpt(recipient)
            if code not in (250, 251):
                smtp.rset()
                return Outcome(False, _reply(code, text), permanent=code >= 500)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            raise ChannelDown(f"the connection to {self.settings.host} broke before the message: {exc}") from None
        handed_over()
        try:
            code, text = smtp.data(message)
        except smtplib.SMTPResponseException as exc:
            # A refusal of DATA itself (354 never came): the server did not take the message.
            self._reset()
            return Outcome(False, _reply(exc.smtp_code, exc.smtp_error), permanent=exc.smtp_code >= 500)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            return Outcome(
                False,
                f"the connection broke while the message was being handed over ({exc}); it may have arrived",
                permanent=True,
            )
        if code != 250:
            self._reset()
            return Outcome(False, _reply(code, text), permanent=code >= 500)
        return Outcome(True, _reply(code, text))

    def _reset(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.rset()
            except (smtplib.SMTPException, OSError):
                self._drop()

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._drop()


def recipients_of(message: bytes) -> list[str]:
    """The To addresses of a stored message (what the archive says it was sent to)."""
    parsed = message_from_bytes(message)
    return [address for _, address in getaddresses(parsed.get_all("To", []))]
