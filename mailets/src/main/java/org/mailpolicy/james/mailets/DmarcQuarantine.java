package org.mailpolicy.james.mailets;

import java.util.Locale;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.mailet.Mail;
import org.apache.mailet.StorageDirective;
import org.apache.mailet.base.GenericMailet;
import org.mailpolicy.james.DmarcVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts mail aside that DMARC says to quarantine (RFC 9989 §5.3: "treat with suspicion"). By default
 * each local recipient gets it in the mailbox folder {@code Junk}: the mailet sets James's storage
 * directive ({@code DeliveryPath_<user>}, which {@code LocalDelivery} honours) and the mail goes on to
 * local delivery. With {@code <processor>}, the mail is sent to that processor instead (for example one
 * ending in {@code ToRepository}). It acts on every mail it gets: match with {@code DmarcDispositionIs=quarantine}.
 *
 * <pre>{@code
 * <mailet match="org.mailpolicy.james.matchers.DmarcDispositionIs=quarantine" class="org.mailpolicy.james.mailets.DmarcQuarantine">
 *   <folder>Junk</folder>             <!-- default Junk -->
 *   <processor>quarantine</processor> <!-- optional: send there instead -->
 * </mailet>
 * }</pre>
 */
public class DmarcQuarantine extends GenericMailet {

    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcQuarantine.class);

    private final UsersRepository usersRepository;
    private StorageDirective directive;
    private String processor;

    @Inject
    public DmarcQuarantine(UsersRepository usersRepository) {
        this.usersRepository = usersRepository;
    }

    @Override
    public void init() throws MessagingException {
        String folder = getInitParameter("folder", "Junk").trim();
        if (folder.isEmpty()) {
            throw new MessagingException("DmarcQuarantine: <folder> must name a mailbox folder, for example Junk");
        }
        directive = StorageDirective.builder().targetFolder(folder).build();
        processor = getInitParameter("processor", "").trim();
    }

    @Override
    public String getMailetInfo() {
        return "MailPolicy DMARC quarantine";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String why = DmarcVerdict.read(mail).map(DmarcVerdict::toString).orElse("no DMARC verdict");
        if (!processor.isEmpty()) {
            LOGGER.info("DMARC quarantine mail={} to processor {}: {}", mail.getName(), processor, why);
            mail.setState(processor);
            return;
        }
        // As James's WithStorageDirective does: a directive for a remote recipient is simply never read.
        for (MailAddress recipient : mail.getRecipients()) {
            try {
                directive.encodeAsAttributes(usersRepository.getUsername(recipient)).forEach(mail::setAttribute);
            } catch (UsersRepositoryException e) {
                throw new MessagingException("DmarcQuarantine: no user name for " + recipient.asString().toLowerCase(Locale.ROOT), e);
            }
        }
        LOGGER.info("DMARC quarantine mail={} to folder {}: {}", mail.getName(), getInitParameter("folder", "Junk"), why);
    }
}
