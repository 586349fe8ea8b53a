package org.mailpolicy.james;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.utils.UserDefinedStartable;
import org.apache.mailet.MailetContext;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcMode;
import org.mailpolicy.dmarc.DmarcRecord;
import org.mailpolicy.dmarcreport.DestinationLimit;
import org.mailpolicy.dmarcreport.ExternalDestinationVerifier;
import org.mailpolicy.dmarcreport.InMemoryReportStore;
import org.mailpolicy.dmarcreport.ReportBatch;
import org.mailpolicy.dmarcreport.ReportDelivery;
import org.mailpolicy.dmarcreport.ReportDispatch;
import org.mailpolicy.dmarcreport.ReportDispatcher;
import org.mailpolicy.dmarcreport.ReportGenerator;
import org.mailpolicy.dmarcreport.ReportKey;
import org.mailpolicy.dmarcreport.ReportStore;
import org.mailpolicy.dmarcreport.ReportUris;
import org.mailpolicy.dns.DnsAnswer;
import org.mailpolicy.dns.DnsStatus;
import org.mailpolicy.dns.Resolver;
import org.mailpolicy.ratelimit.RateLimitStore;
import org.mailpolicy.ratelimit.RateLimitStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the DMARC aggregate reports (RFC 9990) from inside James: at each interval end it claims the
 * due reports from the {@link ReportStore}, asks the policy domain's current {@code rua=}, applies every
 * sending rule ({@link ReportDispatcher}: suppression, external destination consent, {@code !size}),
 * allows at most {@code dmarc.report.maxReportsPerDestination} reports per destination per interval
 * ({@link DestinationLimit}, shared by the nodes when the store is Redis), DKIM-signs each report with the
 * {@code dkim.sign.*} key of the report address's domain when one exists, and hands it to James's spool,
 * so the normal pipeline delivers it. A report handed over is acknowledged; one the spool refused goes back
 * to the store for the next run. Started with James ({@code guice.extension.startable} in
 * {@code extensions.properties}); on a clean shutdown the in-memory store is written to its snapshot, read
 * back at the next start.
 */
public class DmarcReporter implements UserDefinedStartable {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcReporter.class);
    /** Reports whose destinations had DNS trouble are tried again at the next runs, this many times. */
    private static final int MAX_ATTEMPTS = 3;
    static final Duration FIRST_RUN = Duration.ofSeconds(10);

    private final DmarcReportConfiguration configuration;
    private final ReportStore store;
    private final Resolver resolver;
    private final MailetContext mailetContext;
    private final Optional<DkimSigner> signer;
    private final Optional<Path> snapshot;
    private final ReportDispatcher dispatcher;
    private final RateLimitStore destinationLimitStore;
    private final DestinationLimit destinationLimit;
    private final Clock clock;
    private final List<Retry> retries = new ArrayList<>();
    private ScheduledExecutorService scheduler;

    @Inject
    public DmarcReporter(DmarcReportConfiguration configuration, ReportStore store, Resolver resolver, DmarcEvaluator evaluator,
            DkimSigningKeys signingKeys, MailetContext mailetContext, FileSystem fileSystem) {
        this(configuration, store, configuration.destinationLimitStore(), resolver, evaluator, signingKeys, mailetContext,
                snapshot(configuration, store, fileSystem::getFile), Clock.systemUTC());
    }

    /** @param evaluator finds Organizational Domains for external destination verification, as for alignment */
    DmarcReporter(DmarcReportConfiguration configuration, ReportStore store, RateLimitStore destinationLimitStore,
            Resolver resolver, DmarcEvaluator evaluator, DkimSigningKeys signingKeys, MailetContext mailetContext,
            Optional<Path> snapshot, Clock clock) {
        this.configuration = configuration;
        this.store = store;
        this.destinationLimitStore = destinationLimitStore;
        this.destinationLimit = new DestinationLimit(destinationLimitStore, configuration.maxReportsPerDestination(),
                configuration.interval());
        this.resolver = resolver;
        this.mailetContext = mailetContext;
        this.snapshot = snapshot;
        this.clock = clock;
        String domain = configuration.reporter().domain();
        this.signer = Optional.ofNullable(signingKeys.signers().get(domain));
        this.dispatcher = new ReportDispatcher(new ReportGenerator(configuration.reporter(), configuration.format()),
                new ExternalDestinationVerifier(resolver, evaluator), configuration.suppressions(), configuration.email());
    }

    private static Optional<Path> snapshot(DmarcReportConfiguration configuration, ReportStore store, PathResolver files) {
        if (!(store instanceof InMemoryReportStore)) {
            return Optional.empty();
        }
        try {
            return Optional.of(files.file(configuration.snapshot()).toPath());
        } catch (IOException e) {
            throw MailPolicyConfiguration.invalid("dmarc.report.snapshot", configuration.snapshot(), "a file James can write (" + e + ")");
        }
    }

    /**
     * Reads the snapshot a clean shutdown left, and runs every tenth of an interval (at least each second, at
     * most each minute), the first time after {@link #FIRST_RUN}: startables may start before the spool does.
     */
    @Override
    public synchronized void start() {
        if (!configuration.enabled() || scheduler != null) {
            return;
        }
        snapshot.ifPresent(this::readSnapshot);
        long period = Math.max(1, Math.min(60, configuration.interval().getSeconds() / 10));
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mailpolicy-dmarc-reporter");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::runSafely, Math.max(period, FIRST_RUN.getSeconds()), period, TimeUnit.SECONDS);
        LOGGER.info("DMARC aggregate reports every {} from {}{}", configuration.interval(), configuration.email(),
                signer.isPresent() ? ", DKIM-signed" : ", unsigned (no dkim.sign key for " + configuration.reporter().domain() + ")");
    }

    /**
     * Stops the runs, gives the reports waiting for a retry back to the store, writes what the in-memory store
     * holds to the snapshot file, and closes the Redis connections.
     */
    @PreDestroy
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = scheduler;
            scheduler = null;
        }
        if (stopping != null) {
            // Not under the lock: a run in progress finishes (it holds the lock) before the snapshot is written.
            stopping.shutdown();
            try {
                stopping.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                // Another node (or this one after the restart) sends them rather than waiting for the lease.
                retries.forEach(retry -> store.release(retry.batch.key()));
                retries.clear();
                snapshot.ifPresent(this::writeSnapshot);
            }
        }
        close(store);
        close(destinationLimitStore);
    }

    private static void close(Object closeable) {
        if (closeable instanceof AutoCloseable) {
            try {
                ((AutoCloseable) closeable).close();
            } catch (Exception e) {
                LOGGER.warn("DMARC report {} cannot be closed", closeable, e);
            }
        }
    }

    private void writeSnapshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ((InMemoryReportStore) store).writeSnapshot(file);
            LOGGER.info("DMARC report data written to {}", file);
        } catch (IOException e) {
            LOGGER.error("DMARC report data cannot be written to {}; it is lost", file, e);
        }
    }

    private void readSnapshot(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            ((InMemoryReportStore) store).readSnapshot(file);
            // Read once: a crash before the next clean shutdown must not count these rows twice.
            Files.delete(file);
            LOGGER.info("DMARC report data read from {}", file);
        } catch (IOException e) {
            LOGGER.error("DMARC report snapshot {} cannot be read; starting without it", file, e);
        }
    }

    private void runSafely() {
        try {
            run();
        } catch (RuntimeException e) {
            LOGGER.error("DMARC report run failed", e);
        }
    }

    /** One run: sends every report due now and retries the ones DNS trouble held back. */
    synchronized void run() {
        Instant now = clock.instant();
        List<Retry> pending = new ArrayList<>(retries);
        retries.clear();
        for (Retry retry : pending) {
            send(retry.batch, retry.attempts + 1, retry.delivered, now);
        }
        Set<ReportKey> held = new HashSet<>();
        retries.forEach(retry -> held.add(retry.batch.key()));
        for (ReportKey key : store.due(now)) {
            // A claim this node still holds for a retry may have outlived its lease: it is not a crashed node's.
            if (!held.contains(key)) {
                store.claim(key).ifPresent(batch -> send(batch, 1, Set.of(), now));
            }
        }
    }

    /**
     * Sends a claimed report and ends the claim: acknowledged once every destination is dealt with, kept for
     * the next run on DNS trouble, released (its rows back in the store) when the spool or the destination
     * limit failed, so that no failure loses an interval.
     */
    private void send(ReportBatch batch, int attempt, Set<String> delivered, Instant now) {
        try {
            switch (attempt(batch, attempt, delivered, now)) {
                case DONE:
                    store.acknowledge(batch.key());
                    break;
                case FAILED:
                    LOGGER.warn("DMARC report {} goes back to the store for the next run", batch);
                    store.release(batch.key());
                    break;
                default:
                    break;
            }
        } catch (RuntimeException e) {
            LOGGER.error("DMARC report {} failed; it goes back to the store for the next run", batch, e);
            store.release(batch.key());
        }
    }

    private Claim attempt(ReportBatch batch, int attempt, Set<String> delivered, Instant now) {
        String domain = batch.key().domain();
        ReportDispatch dispatch;
        try {
            dispatch = currentRua(domain)
                    .thenCompose(rua -> rua.isPresent() ? dispatcher.dispatch(batch, rua.get(), now)
                            : CompletableFuture.completedFuture(null))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return retryOrDrop(batch, attempt, delivered, "the rua= of " + domain + " cannot be read: " + e);
        }
        if (dispatch == null) {
            LOGGER.info("DMARC report {} not sent: {} publishes no rua= any more", batch, domain);
            return Claim.DONE;
        }
        dispatch.skipped().forEach(reason -> LOGGER.info("DMARC report {} not sent: {}", batch, reason));
        Set<String> sent = new HashSet<>(delivered);
        boolean failed = false;
        for (ReportDelivery delivery : dispatch.deliveries()) {
            String to = delivery.destination().address();
            // A retry after DNS trouble goes only to the destinations that did not have the report yet.
            if (!sent.contains(to)) {
                if (deliver(delivery)) {
                    sent.add(to);
                } else {
                    failed = true;
                }
            }
        }
        if (failed) {
            return Claim.FAILED;
        }
        if (!dispatch.retryLater().isEmpty()) {
            return retryOrDrop(batch, attempt, sent, "DNS trouble verifying " + dispatch.retryLater());
        }
        return Claim.DONE;
    }

    private Claim retryOrDrop(ReportBatch batch, int attempt, Set<String> delivered, String reason) {
        if (attempt < MAX_ATTEMPTS) {
            LOGGER.warn("DMARC report {}: {}; trying again at the next run", batch, reason);
            retries.add(new Retry(batch, attempt, delivered));
            return Claim.HELD;
        }
        LOGGER.warn("DMARC report {} dropped after {} attempts: {}", batch, attempt, reason);
        return Claim.DONE;
    }

    /**
     * The {@code rua=} the policy domain publishes now: the owner's current wish decides where reports go.
     * Empty when it publishes no DMARC record with {@code rua=}; a failed future on DNS trouble.
     */
    private CompletableFuture<Optional<ReportUris>> currentRua(String domain) {
        return resolver.txt("_dmarc." + domain).thenApply(answer -> {
            if (answer.status() == DnsStatus.TEMPFAIL) {
                throw new IllegalStateException(answer.reason());
            }
            return records(answer).stream()
                    .map(text -> DmarcRecord.parse(text, DmarcMode.RFC9989))
                    .filter(DmarcRecord.ParsedRecord::isDmarc)
                    .map(DmarcRecord.ParsedRecord::record)
                    .flatMap(Optional::stream)
                    .map(DmarcRecord::aggregateReportUris)
                    .filter(uris -> !uris.isEmpty())
                    .findFirst()
                    .map(uris -> ReportUris.parse(String.join(",", uris)));
        });
    }

    private static List<String> records(DnsAnswer<String> answer) {
        return answer.status() == DnsStatus.SUCCESS ? answer.records() : List.of();
    }

    /**
     * Hands one report to the spool within the destination's limit; false when it could not be queued (the
     * spool refused it, or the limit could not be counted), so that the report is tried again.
     */
    private boolean deliver(ReportDelivery delivery) {
        String to = delivery.destination().address();
        try {
            if (!destinationLimit.admit(to)) {
                LOGGER.warn("DMARC report {} not sent: {} already had {} reports this interval (dmarc.report.maxReportsPerDestination)",
                        delivery, to, configuration.maxReportsPerDestination());
                return true;
            }
        } catch (RateLimitStoreException e) {
            LOGGER.warn("DMARC report {} not sent now: its destination's count cannot be read: {}", delivery, e.getMessage());
            return false;
        }
        try {
            byte[] message = signer.isPresent() ? signer.get().signedMessage(delivery.message()) : delivery.message();
            MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
            mailetContext.sendMail(new MailAddress(configuration.email()), List.of(new MailAddress(to)), mime);
            LOGGER.info("DMARC report sent: {}", delivery);
            return true;
        } catch (MessagingException | RuntimeException e) {
            LOGGER.error("DMARC report {} cannot be queued", delivery, e);
            refund(to);
            return false;
        }
    }

    private void refund(String to) {
        try {
            destinationLimit.refund(to);
        } catch (RateLimitStoreException e) {
            LOGGER.warn("The DMARC report count of {} keeps a report that was not sent: {}", to, e.getMessage());
        }
    }

    /** What becomes of a claimed report after an attempt. */
    private enum Claim {
        /** Every destination was dealt with: acknowledge. */
        DONE,
        /** Waiting in {@link #retries} for the next run: keep the claim. */
        HELD,
        /** The spool refused it: release, so that the next run sends it again. */
        FAILED
    }

    private static final class Retry {
        private final ReportBatch batch;
        private final int attempts;
        private final Set<String> delivered;

        Retry(ReportBatch batch, int attempts, Set<String> delivered) {
            this.batch = batch;
            this.attempts = attempts;
            this.delivered = Set.copyOf(delivered);
        }
    }
}
