package org.mailpolicy.spf;

/** The result of one check_host() level before it becomes an {@link SpfResult}. Immutable. */
final class Outcome {

    final SpfResultCode code;
    final String mechanism;
    final String explanation;
    final String problem;

    private Outcome(SpfResultCode code, String mechanism, String explanation, String problem) {
        this.code = code;
        this.mechanism = mechanism;
        this.explanation = explanation;
        this.problem = problem;
    }

    static Outcome matched(Directive directive) {
        return new Outcome(directive.qualifier, directive.text, null, null);
    }

    static Outcome of(SpfResultCode code, String problem) {
        return new Outcome(code, null, null, problem);
    }

    Outcome withExplanation(String text) {
        return new Outcome(code, mechanism, text, problem);
    }

    boolean isError() {
        return code == SpfResultCode.TEMPERROR || code == SpfResultCode.PERMERROR;
    }
}
