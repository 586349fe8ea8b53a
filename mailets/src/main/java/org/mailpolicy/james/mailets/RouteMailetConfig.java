package org.mailpolicy.james.mailets;

import java.util.Iterator;
import java.util.Map;

import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;

/**
 * The configuration NextHopRoute generates for one route's RemoteDelivery, in place of a
 * hand-written {@code <mailet class="RemoteDelivery">} block. {@link #toString()} lists the
 * parameter names only: the values hold the route's password.
 */
final class RouteMailetConfig implements MailetConfig {

    private final String name;
    private final Map<String, String> parameters;
    private final MailetContext context;

    RouteMailetConfig(String name, Map<String, String> parameters, MailetContext context) {
        this.name = name;
        this.parameters = Map.copyOf(parameters);
        this.context = context;
    }

    @Override
    public String getInitParameter(String name) {
        return parameters.get(name);
    }

    @Override
    public Iterator<String> getInitParameterNames() {
        return parameters.keySet().iterator();
    }

    @Override
    public MailetContext getMailetContext() {
        return context;
    }

    @Override
    public String getMailetName() {
        return name;
    }

    @Override
    public String toString() {
        return "RouteMailetConfig[" + name + ", parameters " + parameters.keySet() + "]";
    }
}
