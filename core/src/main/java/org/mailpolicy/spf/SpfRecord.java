package org.mailpolicy.spf;

import java.util.List;

/** A parsed RFC 7208 record: its directives in order and the redirect= and exp= modifiers. Immutable. */
final class SpfRecord {

    final List<Directive> directives;
    final MacroString redirect;
    final MacroString explanation;
    /** RFC 7208 §6.1: redirect= is ignored when the record has an "all" mechanism anywhere. */
    final boolean hasAll;

    SpfRecord(List<Directive> directives, MacroString redirect, MacroString explanation) {
        this.directives = List.copyOf(directives);
        this.redirect = redirect;
        this.explanation = explanation;
        this.hasAll = directives.stream().anyMatch(d -> d.mechanism == Mechanism.ALL);
    }
}
