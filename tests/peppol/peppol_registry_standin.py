"""A local SML (a UDP DNS server answering NAPTR, built with dnspython) and a local SMP (HTTP), for lookups."""

from __future__ import annotations

import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from ledgerdesk.peppol.registry import ID_SCHEME, TEST_ZONE, Registry, sml_name

INVOICE = (
    "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
    "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
)
CREDIT_NOTE = (
    "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote"
    "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
)


class LocalRegistry:
    """`register(participant, *doctypes)`; `registry` is what LedgerDesk is pointed at."""

    def __init__(self, zone: str = TEST_ZONE) -> None:
        self.zone = zone
        self.participants: dict[str, tuple[str, ...]] = {}
        self.dns_questions: list[str] = []
        self.sml_only: set[str] = set()  # in the SML but gone from the SMP (404)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.settimeout(0.05)
        self.smp = ThreadingHTTPServer(("127.0.0.1", 0), _SmpHandler)
        self.smp.daemon_threads = True
        self.smp.registry = self  # type: ignore[attr-defined]
        self._running = True
        self._threads = [
            threading.Thread(target=self._serve_dns, daemon=True),
            threading.Thread(target=self.smp.serve_forever, args=(0.05,), daemon=True),
        ]

    @property
    def registry(self) -> Registry:
        return Registry(self.zone, ("127.0.0.1", self.udp.getsockname()[1]), timeout=2.0)

    @property
    def smp_url(self) -> str:
        return f"http://127.0.0.1:{self.smp.server_address[1]}"

    def register(self, participant: str, *document_types: str) -> None:
        self.participants[participant.lower()] = document_types or (INVOICE, CREDIT_NOTE)

    def environment(self) -> dict[str, str]:
        return {"LEDGERDESK_SML_ZONE": self.zone, "LEDGERDESK_SML_NAMESERVER": f"127.0.0.1:{self.udp.getsockname()[1]}"}

    def __enter__(self) -> LocalRegistry:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._running = False
        self.smp.shutdown()
        self.smp.server_close()
        self.udp.close()

    def _serve_dns(self) -> None:
        names = {}
        while self._running:
            try:
                data, peer = self.udp.recvfrom(4096)
            except (TimeoutError, OSError):
                continue
            query = dns.message.from_wire(data)
            response = dns.message.make_response(query)
            response.flags |= dns.flags.AA
            question = query.question[0]
            self.dns_questions.append(question.name.to_text())
            names = {sml_name(p, self.zone).lower() + ".": p for p in self.participants}
            name = question.name.to_text().lower()
            if name in names and question.rdtype == dns.rdatatype.NAPTR:
                rrset = dns.rrset.from_text(
                    question.name, 60, dns.rdataclass.IN, dns.rdatatype.NAPTR,
                    f'100 10 "U" "Meta:SMP" "!^.*$!{self.smp_url}!" .',
                )  # fmt: skip
                response.answer.append(rrset)
            elif name not in names:
                response.set_rcode(dns.rcode.NXDOMAIN)
            try:
                self.udp.sendto(response.to_wire(), peer)
            except OSError:
                return


class _SmpHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        registry: LocalRegistry = self.server.registry  # type: ignore[attr-defined]
        path = urllib.parse.unquote(self.path.lstrip("/"))
        participant = path.removeprefix(f"{ID_SCHEME}::").lower()
        types = registry.participants.get(participant)
        if types is None or participant in registry.sml_only:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        quoted = urllib.parse.quote(f"{ID_SCHEME}::{participant}", safe="")
        refs = "".join(
            f'<ServiceMetadataReference href="{registry.smp_url}/{quoted}/services/{urllib.parse.quote(t, safe="")}"/>'
            for t in types
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<ServiceGroup xmlns="http://busdox.org/serviceMetadata/publishing/1.0/" '
            'xmlns:id="http://busdox.org/transport/identifiers/1.0/">'
            f'<id:ParticipantIdentifier scheme="{ID_SCHEME}">{participant}</id:ParticipantIdentifier>'
            f"<ServiceMetadataReferenceCollection>{refs}</ServiceMetadataReferenceCollection></ServiceGroup>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
