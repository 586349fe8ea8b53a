package org.mailpolicy.james;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Waits for an engine's answer at most a given time, so that no SMTP or spool thread waits past it. */
public final class BoundedWait {

    private BoundedWait() {
    }

    /**
     * The answer of {@code evaluation}, or what {@code unfinished} makes of the reason it has none:
     * a timeout (the evaluation is then cancelled), an interruption or a failure.
     */
    public static <T> T get(CompletableFuture<T> evaluation, long millis, String what, Function<String, T> unfinished) {
        try {
            return evaluation.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            evaluation.cancel(true);
            return unfinished.apply(what + " did not finish within " + millis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unfinished.apply(what + " interrupted");
        } catch (ExecutionException e) {
            return unfinished.apply(what + " failed: " + e.getCause());
        }
    }
}
