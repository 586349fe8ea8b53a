package org.mailpolicy.james;

import java.io.FileNotFoundException;

import javax.inject.Singleton;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.utils.PropertiesProvider;
import org.mailpolicy.arc.ArcVerifier;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarcreport.ReportStore;
import org.mailpolicy.dns.DnsResolverConfig;
import org.mailpolicy.dns.DnsjavaResolver;
import org.mailpolicy.dns.Resolver;
import org.mailpolicy.ratelimit.RateLimitRulesSource;
import org.mailpolicy.ratelimit.RateLimiter;
import org.mailpolicy.spf.SpfOptions;
import org.mailpolicy.spf.SpfVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

/**
 * The Guice extension module James loads from {@code extensions.properties}
 * ({@code guice.extension.module=org.mailpolicy.james.MailPolicyModule}). It builds each engine
 * once from {@code conf/mailpolicy.properties}, so hooks, mailets and matchers share one
 * resolver, one DNS cache, one verifier per protocol and one rate limiter with its store.
 */
public class MailPolicyModule extends AbstractModule {

    private static final Logger LOGGER = LoggerFactory.getLogger(MailPolicyModule.class);

    @Override
    protected void configure() {
        // Constructed by Guice (not @Provides) so that James's lifecycle sees its @PreDestroy; one instance,
        // which guice.extension.startable (extensions.properties) starts: James 3.8.1 builds extension
        // modules in a child injector, where they cannot add InitializationOperations of their own.
        bind(DmarcReporter.class).in(Scopes.SINGLETON);
        // One background sender and one set of rate-limit counters for AuthHook and DmarcCheck alike.
        bind(DmarcFailureReporter.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    MailPolicyConfiguration configuration(PropertiesProvider propertiesProvider) {
        return MailPolicyConfiguration.from(properties(propertiesProvider));
    }

    @Provides
    @Singleton
    RateLimitConfiguration rateLimitConfiguration(PropertiesProvider propertiesProvider) {
        return RateLimitConfiguration.from(properties(propertiesProvider));
    }

    private static Configuration properties(PropertiesProvider propertiesProvider) {
        try {
            return propertiesProvider.getConfiguration("mailpolicy");
        } catch (FileNotFoundException e) {
            return new BaseConfiguration();
        } catch (ConfigurationException e) {
            throw new IllegalStateException(MailPolicyConfiguration.FILE + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    Resolver resolver(MailPolicyConfiguration configuration) {
        DnsResolverConfig.Builder dns = DnsResolverConfig.builder()
                .timeout(configuration.dnsTimeout())
                .maxCacheEntries(configuration.dnsCacheMaxEntries());
        try {
            dns.servers(DnsResolverConfig.parseServers(String.join(",", configuration.dnsServers())));
        } catch (IllegalArgumentException e) {
            throw MailPolicyConfiguration.invalid("dns.servers", String.join(",", configuration.dnsServers()), e.getMessage());
        }
        return new DnsjavaResolver(dns.build());
    }

    @Provides
    @Singleton
    SpfVerifier spfVerifier(Resolver resolver, MailPolicyConfiguration configuration) {
        return new SpfVerifier(resolver, SpfOptions.builder()
                .receivingHost(configuration.authservId())
                .timeout(configuration.spfTimeout())
                .build());
    }

    @Provides
    @Singleton
    DkimVerifier dkimVerifier(Resolver resolver, MailPolicyConfiguration configuration) {
        return new DkimVerifier(resolver, DkimVerifierOptions.builder()
                .maxSignatures(configuration.dkimMaxSignatures())
                .allowRsaSha1(configuration.dkimAllowRsaSha1())
                .honourLengthTag(configuration.dkimHonourLengthTag())
                .clockSkew(configuration.dkimClockSkew())
                .build());
    }

    /** The dkim.sign.* keys of mailpolicy.properties, read and checked once for DkimSign. */
    @Provides
    @Singleton
    DkimSigningKeys dkimSigningKeys(PropertiesProvider propertiesProvider, FileSystem fileSystem) {
        DkimSigningKeys keys = DkimSigningKeys.fromProperties(properties(propertiesProvider), fileSystem::getFile);
        keys.warnings().forEach(LOGGER::warn);
        return keys;
    }

    @Provides
    @Singleton
    DmarcConfiguration dmarcConfiguration(PropertiesProvider propertiesProvider) {
        return DmarcConfiguration.from(properties(propertiesProvider));
    }

    @Provides
    @Singleton
    DmarcEvaluator dmarcEvaluator(Resolver resolver, DmarcConfiguration configuration) {
        return new DmarcEvaluator(resolver, configuration.options());
    }

    @Provides
    @Singleton
    ArcVerifier arcVerifier(Resolver resolver) {
        return new ArcVerifier(resolver);
    }

    @Provides
    @Singleton
    RateLimitRulesSource rateLimitRules(RateLimitConfiguration configuration, FileSystem fileSystem) {
        return configuration.rules(fileSystem::getFile);
    }

    @Provides
    @Singleton
    OutboundRouting outboundRouting(PropertiesProvider propertiesProvider, FileSystem fileSystem) {
        return OutboundRouting.from(properties(propertiesProvider), fileSystem::getFile);
    }

    @Provides
    @Singleton
    DmarcReportConfiguration dmarcReportConfiguration(PropertiesProvider propertiesProvider, MailPolicyConfiguration configuration,
            FileSystem fileSystem) {
        return DmarcReportConfiguration.from(properties(propertiesProvider), configuration.authservId(), fileSystem::getFile);
    }

    @Provides
    @Singleton
    DmarcFailureReportConfiguration dmarcFailureReportConfiguration(PropertiesProvider propertiesProvider) {
        return DmarcFailureReportConfiguration.from(properties(propertiesProvider));
    }

    /** Where DMARC evaluations wait for their aggregate report: bounded memory, or Redis shared by all nodes. */
    @Provides
    @Singleton
    ReportStore reportStore(DmarcReportConfiguration configuration) {
        return configuration.store();
    }

    @Provides
    @Singleton
    RateLimiter rateLimiter(RateLimitRulesSource rules, RateLimitConfiguration configuration) {
        return new RateLimiter(rules, configuration.store());
    }
}
