package org.mailpolicy.james;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarcreport.ExternalDestinationVerifier;
import org.mailpolicy.dmarcreport.FailedMessage;
import org.mailpolicy.dmarcreport.FailureReportDelivery;
import org.mailpolicy.dmarcreport.FailureReportDispatch;
import org.mailpolicy.dmarcreport.FailureReportDispatcher;
import org.mailpolicy.dmarcreport.FailureReportLimiter;
import org.mailpolicy.dmarcreport.ReporterMetadata;
import org.mailpolicy.dns.Resolver;
import org.mailpolicy.ratelimit.InMemoryRateLimitStore;
import org.mailpolicy.ratelimit.RateLimitStore;
import org.mailpolicy.spf.SpfResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends DMARC failure reports (RFC 9991) about received messages, from the verdicts where they are made
 * ({@code AuthHook} at the end of DATA, {@code DmarcCheck} in the mailet container). On the calling
 * thread it only decides whether a report is due ({@code ruf=}, {@code fo=}, report traffic,
 * suppression: no DNS, no I/O); the rest (destination consent, writing, DKIM signing with the
 * {@code dkim.sign.*} key of the report address's domain, and handing the report to James's spool) runs
 * on one background thread behind a bounded queue, so the SMTP dialogue never waits for it. A full
 * queue drops the report and says so. Off while {@code dmarc.failureReports.enabled} is false. Counts
 * {@code mailpolicy_dmarc_failure_report_sent}, {@code _not_sent} (a destination skipped: no consent,
 * {@code !size}, a rate limit, suppression, DNS trouble) and {@code _dropped} (the queue was full).
 */
public class DmarcFailureReporter {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcFailureReporter.class);
    private static final int QUEUE = 1000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER_AGENT = "MailPolicy/" + Optional.ofNullable(DmarcFailureReporter.class.getPackage()
            .getImplementationVersion()).orElse("dev");

    private final DmarcFailureReportConfiguration configuration;
    private final MailetContext mailetContext;
    private final Optional<DkimSigner> signer;
    private final FailureReportDispatcher dispatcher;
    private final Clock clock;
    private final ThreadPoolExecutor sender;
    private final MetricFactory metrics;
    private final RateLimitStore limitStore;

    @Inject
    public DmarcFailureReporter(DmarcFailureReportConfiguration configuration, DmarcReportConfiguration reportConfiguration,
            MailPolicyConfiguration mailPolicy, Resolver resolver, DmarcEvaluator evaluator, DkimSigningKeys signingKeys,
            MailetContext mailetContext, MetricFactory metrics) {
        this(configuration, reportConfiguration, mailPolicy, resolver, evaluator, signingKeys, mailetContext, metrics, Clock.systemUTC());
    }

    DmarcFailureReporter(DmarcFailureReportConfiguration configuration, DmarcReportConfiguration reportConfiguration,
            MailPolicyConfiguration mailPolicy, Resolver resolver, DmarcEvaluator evaluator, DkimSigningKeys signingKeys,
            MailetContext mailetContext, MetricFactory metrics, Clock clock) {
        this.configuration = configuration;
        this.metrics = metrics;
        this.mailetContext = mailetContext;
        this.clock = clock;
        this.signer = configuration.enabled() ? Optional.ofNullable(signingKeys.signers().get(configuration.domain()))
                : Optional.empty();
        // Counted where the aggregate reports' destination cap is: in the report store's Redis when
        // there is one, so the nodes share the limits RFC 9991 §2 requires.
        this.limitStore = configuration.enabled() ? reportConfiguration.destinationLimitStore() : new InMemoryRateLimitStore();
        this.dispatcher = new FailureReportDispatcher(
                new ReporterMetadata(configuration.domain(), configuration.email(), null, configuration.domain()),
                mailPolicy.authservId(), USER_AGENT, configuration.redaction(), new ExternalDestinationVerifier(resolver, evaluator),
                reportConfiguration.suppressions(),
                new FailureReportLimiter(limitStore, Duration.ofHours(1), configuration.maxPerDomain(),
                        configuration.maxPerDestination(), configuration.maxTotal()));
        this.sender = configuration.enabled() ? new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "mailpolicy-dmarc-failure-reports");
                    thread.setDaemon(true);
                    return thread;
                }) : null;
        if (configuration.enabled()) {
            LOGGER.info("DMARC failure reports from {}, {}, redaction {}{}, at most {} per domain, {} per destination, {} in all per hour",
                    configuration.email(), signer.isPresent() ? "DKIM-signed" : "unsigned (no dkim.sign key for " + configuration.domain() + ")",
                    configuration.redaction(), configuration.randomRedactionKey() ? " (key drawn at start-up)" : "",
                    configuration.maxPerDomain(), configuration.maxPerDestination(), configuration.maxTotal());
        }
    }

    /**
     * Hands {@code mail}'s failure report, when one is due, to the background sender. {@code refused}: the
     * message was refused in the SMTP dialogue. Never blocks on DNS or the spool; never throws.
     */
    public void report(Mail mail, byte[] message, DmarcVerdict verdict, Optional<SpfResult> spf, DkimVerdict dkim,
            boolean refused) {
        // Mail we send is not ours to report; without ruf= there is nothing to do (RFC 9989 §4.7).
        if (sender == null || mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent() || verdict.ruf().isEmpty()
                || verdict.policyDomain().isEmpty() || verdict.fromDomain().isEmpty()) {
            return;
        }
        FailedMessage failed = FailedMessage.builder(verdict.policyDomain(), verdict.fromDomain(), message)
                .ruf(verdict.ruf())
                .fo(verdict.recordTag("fo").orElse("0"))
                .publicSuffixDomain(verdict.recordTag("psd").filter("y"::equals).isPresent())
                .alignment(verdict.organizationalDomain(), verdict.recordTag("adkim").filter("s"::equals).isPresent())
                .dmarcResult(verdict.result())
                .spf(spf.orElse(null), !verdict.spfAligned().isEmpty())
                .dkim(dkim.signatures(), verdict.dkimAligned())
                .sourceIp(Optional.ofNullable(mail.getRemoteAddr()).orElse(""))
                .arrival(clock.instant())
                .envelopeId(mail.getName())
                .mailFrom(mail.getMaybeSender().isNullSender() ? "" : mail.getMaybeSender().asString())
                .refused(refused)
                .build();
        if (dispatcher.due(failed).isEmpty()) {
            return;
        }
        try {
            sender.execute(() -> send(failed, mail.getName()));
        } catch (RejectedExecutionException e) {
            metrics.generate("mailpolicy_dmarc_failure_report_dropped").increment();
            LOGGER.warn("DMARC failure report about mail={} dropped: {} reports are already waiting", mail.getName(), QUEUE);
        }
    }

    private void send(FailedMessage failed, String mailName) {
        FailureReportDispatch dispatch;
        try {
            dispatch = dispatcher.dispatch(failed, clock.instant()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOGGER.warn("DMARC failure report about mail={} not sent: {}", mailName, e.toString());
            return;
        }
        dispatch.skipped().forEach(reason -> {
            metrics.generate("mailpolicy_dmarc_failure_report_not_sent").increment();
            LOGGER.info("DMARC failure report about mail={} not sent: {}", mailName, reason);
        });
        for (FailureReportDelivery delivery : dispatch.deliveries()) {
            byte[] bytes = signer.isPresent() ? signer.get().signedMessage(delivery.message()) : delivery.message();
            try {
                MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
                mailetContext.sendMail(new MailAddress(configuration.email()),
                        List.of(new MailAddress(delivery.destination().address())), mime);
                metrics.generate("mailpolicy_dmarc_failure_report_sent").increment();
                LOGGER.info("DMARC failure report about mail={} sent: {}", mailName, delivery);
            } catch (MessagingException | RuntimeException e) {
                LOGGER.error("DMARC failure report about mail={} cannot be queued: {}", mailName, delivery, e);
            }
        }
    }

    /** Lets reports already queued go out for a few seconds, then drops the rest. */
    @PreDestroy
    public void stop() {
        if (sender != null) {
            sender.shutdown();
            try {
                sender.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (limitStore instanceof AutoCloseable) {
            try {
                ((AutoCloseable) limitStore).close();
            } catch (Exception e) {
                LOGGER.warn("DMARC failure report limits cannot be closed", e);
            }
        }
    }
}
