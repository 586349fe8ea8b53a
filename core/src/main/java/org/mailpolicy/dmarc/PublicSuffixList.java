package org.mailpolicy.dmarc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The Public Suffix List (https://publicsuffix.org/list/), as RFC 7489 §3.2 uses it to find
 * organizational domains. The jar ships the copy from Debian's {@code publicsuffix} package
 * (MPL-2.0, see {@code PUBLIC_SUFFIX_LIST_NOTICE} beside it); an admin may load a newer file.
 * Both the ICANN and the private sections count, as OpenDMARC reads them.
 */
public final class PublicSuffixList {

    static final String BUNDLED = "public_suffix_list.dat";

    private final Set<String> rules;
    private final Set<String> wildcards;
    private final Set<String> exceptions;

    private PublicSuffixList(Set<String> rules, Set<String> wildcards, Set<String> exceptions) {
        this.rules = Set.copyOf(rules);
        this.wildcards = Set.copyOf(wildcards);
        this.exceptions = Set.copyOf(exceptions);
    }

    /** The list shipped in the jar. */
    public static PublicSuffixList bundled() {
        return Bundled.LIST;
    }

    /** Reads a list in the publicsuffix.org format; throws {@link UncheckedIOException} naming the file when it cannot be read. */
    public static PublicSuffixList load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Public Suffix List " + file + ": " + e.getMessage(), e);
        }
    }

    static PublicSuffixList read(Reader reader) throws IOException {
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        BufferedReader lines = new BufferedReader(reader);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            // publicsuffix.org format: one rule per line up to the first white space; "//" starts a comment.
            String rule = line.strip().split("\\s", 2)[0];
            if (rule.isEmpty() || rule.startsWith("//")) {
                continue;
            }
            if (rule.startsWith("!")) {
                Domains.toALabels(rule.substring(1)).ifPresent(exceptions::add);
            } else if (rule.startsWith("*.")) {
                Domains.toALabels(rule.substring(2)).ifPresent(wildcards::add);
            } else {
                Domains.toALabels(rule).ifPresent(rules::add);
            }
        }
        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /** The number of rules read, for start-up logs. */
    public int size() {
        return rules.size() + wildcards.size() + exceptions.size();
    }

    /**
     * RFC 7489 §3.2: the public suffix matched by the most labels, plus one more label of the domain;
     * a domain that is itself a public suffix is its own organizational domain.
     */
    public String organizationalDomain(String domain) {
        String name = Domains.normalize(domain);
        return registrableDomain(name).orElse(name);
    }

    /** The public suffix plus one label; empty for a public suffix itself or a name that is not a domain name. */
    Optional<String> registrableDomain(String domain) {
        Optional<String> name = Domains.toALabels(domain);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        int labels = Domains.labelCount(name.get());
        int suffix = publicSuffixLabels(name.get(), labels);
        return suffix >= labels ? Optional.empty() : Optional.of(Domains.lastLabels(name.get(), suffix + 1));
    }

    private int publicSuffixLabels(String name, int labels) {
        // publicsuffix.org algorithm: an exception rule wins and its suffix is the rule without its first label.
        for (int k = labels; k >= 1; k--) {
            if (exceptions.contains(Domains.lastLabels(name, k))) {
                return k - 1;
            }
        }
        // Otherwise the matching rule with the most labels; the implicit rule "*" matches any TLD.
        int best = 1;
        for (int k = labels; k >= 1; k--) {
            String candidate = Domains.lastLabels(name, k);
            if (rules.contains(candidate)) {
                best = Math.max(best, k);
            }
            if (k < labels && wildcards.contains(candidate)) {
                best = Math.max(best, k + 1);
            }
        }
        return best;
    }

    private static final class Bundled {
        static final PublicSuffixList LIST = loadBundled();

        private static PublicSuffixList loadBundled() {
            try (InputStream in = PublicSuffixList.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks org/mailpolicy/dmarc/" + BUNDLED);
                }
                return read(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
