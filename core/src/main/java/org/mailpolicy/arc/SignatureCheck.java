package org.mailpolicy.arc;

/** Whether one ARC-Seal or ARC-Message-Signature verified, and if not why, and whether DNS trouble was the cause. */
final class SignatureCheck {

    static final SignatureCheck VERIFIED = new SignatureCheck(true, "", false);

    final boolean verified;
    final String problem;
    final boolean temporary;

    private SignatureCheck(boolean verified, String problem, boolean temporary) {
        this.verified = verified;
        this.problem = problem;
        this.temporary = temporary;
    }

    static SignatureCheck failed(String problem) {
        return new SignatureCheck(false, problem, false);
    }

    static SignatureCheck temporaryFailure(String problem) {
        return new SignatureCheck(false, problem, true);
    }
}
