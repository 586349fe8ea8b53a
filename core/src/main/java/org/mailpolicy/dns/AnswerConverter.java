package org.mailpolicy.dns;

import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Turns a DNS response into a {@link DnsAnswer}: only records of the asked type owned by the
 * asked name, or by the names its CNAMEs in the same answer lead to. Hostile or broken answers
 * give TEMPFAIL; nothing here throws.
 */
final class AnswerConverter {

    private static final int MAX_CNAME_CHAIN = 8;

    /** An answer and how long it may be cached, in seconds. */
    static final class Converted {
        final DnsAnswer<?> answer;
        final long ttlSeconds;

        Converted(DnsAnswer<?> answer, long ttlSeconds) {
            this.answer = answer;
            this.ttlSeconds = ttlSeconds;
        }
    }

    private AnswerConverter() {
    }

    static Converted convert(Message response, Name question, int type, long defaultNegativeTtl) {
        try {
            return convertChecked(response, question, type, defaultNegativeTtl);
        } catch (RuntimeException e) {
            return new Converted(DnsAnswer.tempfail("unusable DNS answer for " + question + ": " + e), 0);
        }
    }

    private static Converted convertChecked(Message response, Name question, int type, long defaultNegativeTtl) {
        Record asked = response.getQuestion();
        if (!response.getHeader().getFlag(Flags.QR) || asked == null || !asked.getName().equals(question)
                || asked.getType() != type || asked.getDClass() != DClass.IN) {
            // not an answer to what we asked: never believe it, let the next server answer
            return new Converted(DnsAnswer.tempfail("answer to another question than " + question + "/" + Type.string(type)), 0);
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return new Converted(DnsAnswer.tempfail(Rcode.string(rcode) + " for " + question + "/" + Type.string(type)), 0);
        }
        if (response.getHeader().getFlag(Flags.TC)) {
            return new Converted(DnsAnswer.tempfail("truncated answer for " + question + "/" + Type.string(type)), 0);
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        Name owner = question;
        for (int hop = 0; hop < MAX_CNAME_CHAIN; hop++) {
            Name next = null;
            for (Record record : answers) {
                if (record.getType() == Type.CNAME && record.getName().equals(owner) && type != Type.CNAME) {
                    next = ((CNAMERecord) record).getTarget();
                    break;
                }
            }
            if (next == null) {
                break;
            }
            owner = next;
        }
        List<Object> values = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record record : answers) {
            if (record.getType() == type && record.getName().equals(owner)) {
                values.add(value(record));
                ttl = Math.min(ttl, record.getTTL());
            }
        }
        if (!values.isEmpty()) {
            if (type == Type.MX) {
                values.sort(Comparator.comparingInt(v -> ((MxRecord) v).preference()));
            }
            return new Converted(DnsAnswer.success(values), ttl);
        }
        long negativeTtl = negativeTtl(response, defaultNegativeTtl);
        // RFC 2308 §2.1: NXDOMAIN for the end of a CNAME chain is NXDOMAIN for the question
        return new Converted(rcode == Rcode.NXDOMAIN ? DnsAnswer.nxdomain() : DnsAnswer.nodata(), negativeTtl);
    }

    /** RFC 2308 §5: the minimum of the SOA record's TTL and its MINIMUM field. */
    private static long negativeTtl(Message response, long defaultNegativeTtl) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord) {
                return Math.min(record.getTTL(), ((SOARecord) record).getMinimum());
            }
        }
        return defaultNegativeTtl;
    }

    private static Object value(Record record) {
        switch (record.getType()) {
            case Type.A:
                return ((ARecord) record).getAddress();
            case Type.AAAA:
                return ((AAAARecord) record).getAddress();
            case Type.MX:
                MXRecord mx = (MXRecord) record;
                return new MxRecord(mx.getPriority(), hostName(mx.getTarget()));
            case Type.PTR:
                return hostName(((PTRRecord) record).getTarget());
            default:
                return text((TXTRecord) record);
        }
    }

    /** RFC 7208 §3.3: the character-strings of one TXT record joined without separator. */
    private static String text(TXTRecord record) {
        StringBuilder out = new StringBuilder();
        for (byte[] string : record.getStringsAsByteArrays()) {
            try {
                out.append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)
                        .decode(java.nio.ByteBuffer.wrap(string)));
            } catch (java.nio.charset.CharacterCodingException e) {
                out.append(new String(string, StandardCharsets.ISO_8859_1));
            }
        }
        return out.toString();
    }

    private static String hostName(Name name) {
        // RFC 7505: a null MX points at the root
        return name.equals(Name.root) ? "" : name.toString(true).toLowerCase(Locale.ROOT);
    }
}
