"""The shipped ISO 20022 schemas accept a well-formed message and name the line of what they refuse."""

import pytest

from ledgerdesk.sepa import schema

PAIN_008_08 = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.08">
 <CstmrDrctDbtInitn>
  <GrpHdr><MsgId>LD-1</MsgId><CreDtTm>2026-12-06T10:00:00</CreDtTm><NbOfTxs>1</NbOfTxs><CtrlSum>{amount}</CtrlSum>
   <InitgPty><Nm>Atelier Janssens</Nm></InitgPty></GrpHdr>
  <PmtInf><PmtInfId>LD-1-CORE-FRST</PmtInfId><PmtMtd>DD</PmtMtd><NbOfTxs>1</NbOfTxs><CtrlSum>{amount}</CtrlSum>
   <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl><LclInstrm><Cd>CORE</Cd></LclInstrm><SeqTp>FRST</SeqTp></PmtTpInf>
   <ReqdColltnDt>2026-12-20</ReqdColltnDt>
   <Cdtr><Nm>Atelier Janssens</Nm><PstlAdr><StrtNm>Kerkstraat</StrtNm><BldgNb>1</BldgNb><PstCd>9000</PstCd><TwnNm>Gent</TwnNm><Ctry>BE</Ctry></PstlAdr></Cdtr>
   <CdtrAcct><Id><IBAN>BE68539007547034</IBAN></Id></CdtrAcct>
   <CdtrAgt><FinInstnId><BICFI>GEBABEBB</BICFI></FinInstnId></CdtrAgt>
   <CdtrSchmeId><Id><PrvtId><Othr><Id>BE11ZZZ0403170701</Id><SchmeNm><Prtry>SEPA</Prtry></SchmeNm></Othr></PrvtId></Id></CdtrSchmeId>
   <DrctDbtTxInf><PmtId><EndToEndId>2026-00001</EndToEndId></PmtId><InstdAmt Ccy="EUR">{amount}</InstdAmt>
    <DrctDbtTx><MndtRltdInf><MndtId>LD-0001</MndtId><DtOfSgntr>2026-11-02</DtOfSgntr></MndtRltdInf></DrctDbtTx>
    <DbtrAgt><FinInstnId><BICFI>KREDBEBB</BICFI></FinInstnId></DbtrAgt>
    <Dbtr><Nm>Jan Peeters</Nm><PstlAdr><TwnNm>Leuven</TwnNm><Ctry>BE</Ctry></PstlAdr></Dbtr>
    <DbtrAcct><Id><IBAN>BE71096123456769</IBAN></Id></DbtrAcct>
   </DrctDbtTxInf>
  </PmtInf>
 </CstmrDrctDbtInitn>
</Document>
"""


def test_a_valid_pain_008_001_08_passes():
    xml = PAIN_008_08.format(amount="121.00").encode()
    assert schema.message_of(xml) == "pain.008.001.08"
    assert schema.problems(xml) == ()
    schema.check(xml)


def test_a_refused_file_names_the_line():
    xml = PAIN_008_08.format(amount="12,10").encode()
    found = schema.problems(xml)
    assert found and found[0].line == 4
    assert "{urn:" not in found[0].message
    with pytest.raises(schema.SchemaError, match="line 4"):
        schema.check(xml)


def test_the_other_schemas_load_and_refuse_the_wrong_message():
    xml = PAIN_008_08.format(amount="1.00").encode()
    assert schema.problems(xml, "pain.008.001.02")  # the .08 root is not a .02 document
    assert schema.problems(xml.replace(b"pain.008.001.08", b"pain.001.001.09"))


def test_not_xml_and_unknown_namespaces_are_problems_not_tracebacks():
    assert "not well-formed" in schema.problems(b"<Document>")[0].message
    assert "namespace" in schema.problems(b"<Document xmlns='urn:x'/>")[0].message
    with pytest.raises(schema.SchemaError, match="not well-formed"):
        schema.message_of(b"\x00")
