package org.mailpolicy.james;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
import org.mailpolicy.dmarc.DmarcMode;
import org.mailpolicy.dmarc.DmarcRecord;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the DMARC aggregate reports (RFC 9990) from inside James: at each interval end it takes the
 * due reports from the {@link ReportStore}, asks the policy domain's current {@code rua=}, applies every
 * sending rule ({@link ReportDispatcher}: suppression, external destination consent, {@code !size}),
 * allows at most {@code dmarc.report.maxReportsPerDestination} reports per destination per interval,
 * DKIM-signs each report with the {@code dkim.sign.*} key of the report address's domain when one exists,
 * and hands it to James's spool, so the normal pipeline delivers it. Started with James
 * ({@code guice.extension.startable} in {@code extensions.properties}); on a clean shutdown the in-memory
 * store is written to its snapshot, read back at the next start.
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
    private final Clock clock;
    private final Map<String, Integer> sentThisInterval = new HashMap<>();
    private final List<Retry> retries = new ArrayList<>();
    private Instant rateWindowEnd = Instant.EPOCH;
    private ScheduledExecutorService scheduler;

    @Inject
    public DmarcReporter(DmarcReportConfiguration configuration, ReportStore store, Resolver resolver,
            DkimSigningKeys signingKeys, MailetContext mailetContext, FileSystem fileSystem) {
        this(configuration, store, resolver, signingKeys, mailetContext, snapshot(configuration, store, fileSystem::getFile),
                Clock.systemUTC());
    }

    DmarcReporter(DmarcReportConfiguration configuration, ReportStore store, Resolver resolver, DkimSigningKeys signingKeys,
            MailetContext mailetContext, Optional<Path> snapshot, Clock clock) {
        this.configuration = configuration;
        this.store = store;
        this.resolver = resolver;
        this.mailetContext = mailetContext;
        this.snapshot = snapshot;
        this.clock = clock;
        String domain = configuration.reporter().domain();
        this.signer = Optional.ofNullable(signingKeys.signers().get(domain));
        this.dispatcher = new ReportDispatcher(new ReportGenerator(configuration.reporter(), configuration.format()),
                new ExternalDestinationVerifier(resolver), configuration.suppressions(), configuration.email());
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

    /** Stops the runs, writes what the in-memory store holds to the snapshot file, and closes a Redis store. */
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
                snapshot.ifPresent(this::writeSnapshot);
            }
        }
        if (store instanceof AutoCloseable) {
            try {
                ((AutoCloseable) store).close();
            } catch (Exception e) {
                LOGGER.warn("DMARC report store cannot be closed", e);
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
        if (!now.isBefore(rateWindowEnd)) {
            sentThisInterval.clear();
            rateWindowEnd = now.plus(configuration.interval());
        }
        List<Retry> pending = new ArrayList<>(retries);
        retries.clear();
        for (Retry retry : pending) {
            send(retry.batch, retry.attempts + 1, now);
        }
        for (ReportKey key : store.due(now)) {
            store.take(key).ifPresent(batch -> send(batch, 1, now));
        }
    }

    private void send(ReportBatch batch, int attempt, Instant now) {
        String domain = batch.key().domain();
        ReportDispatch dispatch;
        try {
            dispatch = currentRua(domain)
                    .thenCompose(rua -> rua.isPresent() ? dispatcher.dispatch(batch, rua.get(), now)
                            : CompletableFuture.completedFuture(null))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            retryOrDrop(batch, attempt, "the rua= of " + domain + " cannot be read: " + e);
            return;
        }
        if (dispatch == null) {
            LOGGER.info("DMARC report {} not sent: {} publishes no rua= any more", batch, domain);
            return;
        }
        dispatch.skipped().forEach(reason -> LOGGER.info("DMARC report {} not sent: {}", batch, reason));
        for (ReportDelivery delivery : dispatch.deliveries()) {
            deliver(delivery);
        }
        if (!dispatch.retryLater().isEmpty()) {
            retryOrDrop(batch, attempt, "DNS trouble verifying " + dispatch.retryLater());
        }
    }

    private void retryOrDrop(ReportBatch batch, int attempt, String reason) {
        if (attempt < MAX_ATTEMPTS) {
            LOGGER.warn("DMARC report {}: {}; trying again at the next run", batch, reason);
            retries.add(new Retry(batch, attempt));
        } else {
            LOGGER.warn("DMARC report {} dropped after {} attempts: {}", batch, attempt, reason);
        }
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

    private void deliver(ReportDelivery delivery) {
        String to = delivery.destination().address();
        int sent = sentThisInterval.getOrDefault(to, 0);
        if (sent >= configuration.maxReportsPerDestination()) {
            LOGGER.warn("DMARC report {} not sent: {} already had {} reports this interval (dmarc.report.maxReportsPerDestination)",
                    delivery, to, sent);
            return;
        }
        byte[] message = signer.isPresent() ? signer.get().signedMessage(delivery.message()) : delivery.message();
        try {
            MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
            mailetContext.sendMail(new MailAddress(configuration.email()), List.of(new MailAddress(to)), mime);
            sentThisInterval.put(to, sent + 1);
            LOGGER.info("DMARC report sent: {}", delivery);
        } catch (MessagingException e) {
            LOGGER.error("DMARC report {} cannot be queued", delivery, e);
        }
    }

    private static final class Retry {
        private final ReportBatch batch;
        private final int attempts;

        Retry(ReportBatch batch, int attempts) {
            this.batch = batch;
            this.attempts = attempts;
        }
    }
}
