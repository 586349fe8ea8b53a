package org.mailpolicy.it.harness;

/** Text edits of smtpserver.xml that keep the sample's comments and layout. */
final class SmtpServerXml {

    private static final String FIRST_CORE_HANDLER = "<handler class=\"org.apache.james.smtpserver.fastfail.ValidRcptHandler\"/>";

    private SmtpServerXml() {
    }

    /**
     * Puts the handler before ValidRcptHandler of the server named {@code jmxName}: hooks must run
     * before James's. {@code configXml} (may be empty) goes inside the handler element.
     */
    static String addHandler(String xml, String jmxName, String handlerClass, String configXml) {
        int server = xml.indexOf("<jmxName>" + jmxName + "</jmxName>");
        if (server < 0) {
            throw new IllegalStateException("smtpserver.xml has no server with jmxName " + jmxName);
        }
        int core = xml.indexOf(FIRST_CORE_HANDLER, server);
        int end = xml.indexOf("</smtpserver>", server);
        if (core < 0 || core > end) {
            throw new IllegalStateException("the " + jmxName + " server of smtpserver.xml has no " + FIRST_CORE_HANDLER);
        }
        String handler = configXml.isEmpty()
                ? "<handler class=\"" + handlerClass + "\"/>"
                : "<handler class=\"" + handlerClass + "\">" + configXml + "</handler>";
        return xml.substring(0, core) + handler + "\n            " + xml.substring(core);
    }
}
