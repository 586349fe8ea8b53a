package org.mailpolicy.arc;

import org.mailpolicy.message.HeaderField;

/** The three fields of one instance (RFC 8617 §4.2), as written and as parsed. */
final class ArcSet {

    final int instance;
    final HeaderField authenticationResultsField;
    final HeaderField messageSignatureField;
    final HeaderField sealField;
    final ArcAuthenticationResultsHeader authenticationResults;
    final ArcMessageSignatureHeader messageSignature;
    final ArcSealHeader seal;

    ArcSet(int instance, HeaderField authenticationResultsField, HeaderField messageSignatureField, HeaderField sealField,
           ArcAuthenticationResultsHeader authenticationResults, ArcMessageSignatureHeader messageSignature, ArcSealHeader seal) {
        this.instance = instance;
        this.authenticationResultsField = authenticationResultsField;
        this.messageSignatureField = messageSignatureField;
        this.sealField = sealField;
        this.authenticationResults = authenticationResults;
        this.messageSignature = messageSignature;
        this.seal = seal;
    }
}
