package org.mailpolicy.james.webadmin;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.mailpolicy.james.OutboundRouting;
import org.mailpolicy.routing.RouteDecision;
import org.mailpolicy.routing.RoutingTableException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /mailpolicy/routes/explain?recipient=A[&sender=S]}: what {@code mailpolicy route
 * explain --json} prints, from the table James has in force. Registered in webadmin.properties:
 * {@code extensions.routes=org.mailpolicy.james.webadmin.RouteExplainRoutes}.
 */
public class RouteExplainRoutes implements Routes {

    static final String BASE_PATH = "/mailpolicy/routes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutboundRouting routing;

    @Inject
    public RouteExplainRoutes(OutboundRouting routing) {
        this.routing = routing;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH + "/explain", this::explain);
    }

    private String explain(Request request, Response response) throws JsonProcessingException {
        response.type("application/json");
        String recipient = request.queryParams("recipient");
        if (recipient == null || recipient.isBlank()) {
            return error(response, 400, "the query parameter recipient is required, e.g. ?recipient=bob@example.com&sender=alice@example.org");
        }
        if (!routing.configured()) {
            return error(response, 404, "no routing table: set routing.table in mailpolicy.properties");
        }
        RouteDecision decision;
        try {
            String sender = request.queryParams("sender");
            decision = sender == null ? routing.resolver().resolve(recipient.trim()) : routing.resolver().resolve(recipient.trim(), sender.trim());
        } catch (RoutingTableException e) {
            return error(response, 503, e.getMessage());
        }
        response.status(200);
        return JSON.writeValueAsString(decision.toMap());
    }

    private static String error(Response response, int status, String message) throws JsonProcessingException {
        response.status(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("message", message);
        return JSON.writeValueAsString(body);
    }
}
