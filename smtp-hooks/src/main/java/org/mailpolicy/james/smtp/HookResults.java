package org.mailpolicy.james.smtp;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.mailpolicy.smtp.SmtpReply;

/** Our replies as James hooks return them: 5xx denies, 4xx denies softly. */
final class HookResults {

    private HookResults() {
    }

    static HookResult of(SmtpReply reply) {
        return HookResult.builder()
                .hookReturnCode(reply.isPermanent() ? HookReturnCode.deny() : HookReturnCode.denySoft())
                .smtpReturnCode(String.valueOf(reply.code()))
                .smtpDescription(reply.description())
                .build();
    }
}
