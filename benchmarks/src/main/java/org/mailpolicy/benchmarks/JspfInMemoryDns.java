package org.mailpolicy.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;

/** jSPF's DNS interface over the same records as our {@code InMemoryResolver}: no network on either side. */
final class JspfInMemoryDns implements DNSService {

    private final Map<String, Map<String, List<String>>> records;

    JspfInMemoryDns(Map<String, Map<String, List<String>>> records) {
        this.records = records;
    }

    @Override
    public List<String> getRecords(DNSRequest request) {
        Map<String, List<String>> byType = records.get(request.getHostname().toLowerCase(java.util.Locale.ROOT));
        List<String> values = byType == null ? null : byType.get(type(request.getRecordType()));
        if (values == null) {
            // what jSPF's dnsjava service answers for a name or type without records
            return null;
        }
        if (request.getRecordType() == DNSRequest.MX) {
            // jSPF expects MX answers as exchange host names
            return values.stream().map(v -> v.substring(v.indexOf(' ') + 1)).collect(Collectors.toList());
        }
        return values;
    }

    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        return CompletableFuture.completedFuture(getRecords(request));
    }

    private static String type(int recordType) {
        if (recordType == DNSRequest.A) {
            return "A";
        } else if (recordType == DNSRequest.AAAA) {
            return "AAAA";
        } else if (recordType == DNSRequest.MX) {
            return "MX";
        } else if (recordType == DNSRequest.TXT || recordType == DNSRequest.SPF) {
            // jSPF 1.0.3 asks for SPF records with its SPF request type; its dnsjava service answers it from TXT
            return "TXT";
        }
        return "PTR";
    }

    @Override
    public List<String> getLocalDomainNames() {
        return List.of("localhost");
    }

    @Override
    public void setTimeOut(int timeOut) {
        // in memory: nothing to time out
    }

    @Override
    public int getRecordLimit() {
        return 10;
    }

    @Override
    public void setRecordLimit(int recordLimit) {
        // the zone is fixed; the limit never binds
    }
}
