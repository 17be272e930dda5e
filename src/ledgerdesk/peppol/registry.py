"""Is a participant on Peppol? The SML by DNS (NAPTR, dnspython), then the participant's SMP over HTTPS.

Since 1 November 2025 the SML name of a participant is the base32 of the SHA-256 of its lowercased
identifier value (no padding), then `.iso6523-actorid-upis.` and the SML zone; its NAPTR record with
service `Meta:SMP` gives the SMP's base URL (phax/peppol-commons PeppolNaptrURLProvider). The SMP's
service group lists the document types the participant receives. No such name: not on Peppol.
"""

from __future__ import annotations

import base64
import hashlib
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from lxml import etree

from .errors import PeppolError
from .model import Participant

ID_SCHEME = "iso6523-actorid-upis"
PRODUCTION_ZONE = "edelivery.tech.ec.europa.eu"
TEST_ZONE = "acc.edelivery.tech.ec.europa.eu"


@dataclass(frozen=True)
class Registry:
    """Where to ask: the SML zone and, for tests or a private resolver, one nameserver (host, port).

    Plain-HTTP SMP addresses are followed only with a nameserver given by hand (a local test setup):
    the real SMPs answer over HTTPS since 1 February 2026."""

    zone: str = PRODUCTION_ZONE
    nameserver: tuple[str, int] | None = None
    timeout: float = 10.0


def sml_name(participant: str, zone: str = PRODUCTION_ZONE) -> str:
    digest = hashlib.sha256(participant.strip().lower().encode("utf-8")).digest()
    label = base64.b32encode(digest).decode("ascii").rstrip("=")
    return f"{label}.{ID_SCHEME}.{zone}"


def _resolver(registry: Registry):  # type: ignore[no-untyped-def]
    import dns.resolver

    if registry.nameserver is None:
        resolver = dns.resolver.Resolver()
    else:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [registry.nameserver[0]]
        resolver.port = registry.nameserver[1]
    resolver.lifetime = registry.timeout
    return resolver


def smp_address(participant: str, registry: Registry) -> str | None:
    """The SMP base URL the SML names for `participant`, or None when the SML does not know it."""
    import dns.exception
    import dns.resolver

    name = sml_name(participant, registry.zone)
    try:
        answer = _resolver(registry).resolve(name, "NAPTR")
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return None
    except dns.exception.Timeout:
        raise PeppolError(
            "the Peppol registry (SML) did not answer within {seconds} seconds",
            retryable=True,
            seconds=f"{registry.timeout:g}",
        ) from None
    except dns.exception.DNSException as exc:
        raise PeppolError(
            "the Peppol registry (SML) cannot be asked: {reason}", retryable=True, reason=str(exc)
        ) from None
    for record in sorted(answer, key=lambda r: (r.order, r.preference)):
        service = (
            record.service.decode("ascii", "replace") if isinstance(record.service, bytes) else str(record.service)
        )
        flags = record.flags.decode("ascii", "replace") if isinstance(record.flags, bytes) else str(record.flags)
        if service != "Meta:SMP" or flags.upper() != "U":
            continue
        regexp = record.regexp.decode("utf-8", "replace") if isinstance(record.regexp, bytes) else str(record.regexp)
        if len(regexp) > 2:
            parts = regexp[1:].split(regexp[0])  # !^.*$!https://smp.example!  -> [^.*$, https://smp.example, '']
            if len(parts) >= 2 and parts[1]:
                return parts[1]
    return None


def _document_types(xml: bytes) -> tuple[str, ...]:
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    types = []
    for element in root.iter("{*}ServiceMetadataReference"):
        href = element.get("href", "")
        tail = href.split("/services/", 1)[1] if "/services/" in href else href.rsplit("/", 1)[-1]
        types.append(urllib.parse.unquote(tail))
    return tuple(types)


def lookup_sml(participant: str, registry: Registry | None = None) -> Participant:
    """The SML and SMP's answer for a participant id (`0208:0202239951`)."""
    registry = registry or Registry()
    smp = smp_address(participant, registry)
    if smp is None:
        return Participant(participant, False, (), "sml", "")
    scheme = urllib.parse.urlsplit(smp).scheme
    if scheme != "https" and not (scheme == "http" and registry.nameserver is not None):
        raise PeppolError("the Peppol registry names an SMP that is not HTTPS: {url}", url=smp)
    url = smp.rstrip("/") + "/" + urllib.parse.quote(f"{ID_SCHEME}::{participant}", safe="")
    try:
        with urllib.request.urlopen(url, timeout=registry.timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:  # the SML still points there, the SMP no longer has it
            return Participant(participant, False, (), "sml", "")
        raise PeppolError(
            "the SMP of {participant} answered {code}: {words}",
            retryable=exc.code >= 500,
            participant=participant,
            code=exc.code,
            words=(exc.read() or b"").decode("utf-8", "replace")[:2000] or "(no text)",
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise PeppolError(
            "the SMP of {participant} cannot be reached at {url}: {reason}",
            retryable=True,
            participant=participant,
            url=smp,
            reason=str(getattr(exc, "reason", exc)),
        ) from None
    try:
        types = _document_types(body)
    except etree.XMLSyntaxError as exc:
        raise PeppolError(
            "the SMP of {participant} answered something that is not a service group: {reason}",
            participant=participant,
            reason=str(exc),
        ) from None
    return Participant(participant, bool(types), types, "sml", body.decode("utf-8", "replace"))


def registry_from_environment(environ: dict[str, str]) -> Registry:
    """LEDGERDESK_SML_ZONE (e.g. the test SML `acc.edelivery.tech.ec.europa.eu`) and LEDGERDESK_SML_NAMESERVER
    (`host:port`, a resolver of your own or a local test server) override where the SML is asked."""
    zone = environ.get("LEDGERDESK_SML_ZONE") or PRODUCTION_ZONE
    server = environ.get("LEDGERDESK_SML_NAMESERVER") or ""
    match = re.fullmatch(r"\[?([^\]]+?)\]?:(\d{1,5})", server)
    return Registry(zone, (match.group(1), int(match.group(2))) if match else None)
