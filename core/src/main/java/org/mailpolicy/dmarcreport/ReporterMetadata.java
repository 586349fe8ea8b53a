package org.mailpolicy.dmarcreport;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who reports (RFC 9990 §3.1.1 report_metadata): the organization's name, the address domain owners
 * may write to, extra contact information, and the domain that names the reporter in the file name
 * and the subject ("Submitter", RFC 9990 §3.5.2 and §2.5.2).
 */
public final class ReporterMetadata {

    private final String orgName;
    private final String email;
    private final String extraContactInfo;
    private final String domain;

    public ReporterMetadata(String orgName, String email, String extraContactInfo, String domain) {
        this.orgName = Objects.requireNonNull(orgName);
        this.email = Objects.requireNonNull(email);
        this.extraContactInfo = extraContactInfo;
        this.domain = domain.toLowerCase(Locale.ROOT);
    }

    public String orgName() {
        return orgName;
    }

    public String email() {
        return email;
    }

    public Optional<String> extraContactInfo() {
        return Optional.ofNullable(extraContactInfo);
    }

    /** The reporting domain: "receiver" in the file name, "Submitter" in the subject. */
    public String domain() {
        return domain;
    }
}
