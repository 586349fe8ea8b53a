package org.mailpolicy.spf;

import java.util.concurrent.CompletableFuture;

/** The values RFC 7208 §7.3 macros expand to, for one evaluation. */
interface MacroValues {

    /** The value of every macro letter but {@code p}, for the current {@code <domain>}. */
    String value(char letter, String domain);

    /** RFC 7208 §7.3 {@code %{p}}: the validated domain name of {@code <ip>}, or "unknown". */
    CompletableFuture<String> validatedName(String domain);
}
