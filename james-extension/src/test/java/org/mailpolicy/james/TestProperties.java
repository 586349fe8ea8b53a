package org.mailpolicy.james;

import java.io.StringReader;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;

/** {@code mailpolicy.properties} text read as James's PropertiesProvider reads the file: ',' separates list values. */
final class TestProperties {

    private TestProperties() {
    }

    static PropertiesConfiguration of(String text) throws Exception {
        PropertiesConfiguration configuration = new PropertiesConfiguration();
        configuration.setListDelimiterHandler(new DefaultListDelimiterHandler(','));
        configuration.read(new StringReader(text));
        return configuration;
    }
}
