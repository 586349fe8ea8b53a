package org.mailpolicy.benchmarks;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import org.apache.james.jspf.impl.SPF;
import org.mailpolicy.spf.SpfOptions;
import org.mailpolicy.spf.SpfVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SPF evaluations per second: MailPolicy's {@link SpfVerifier} against Apache jSPF 1.0.3 (the
 * SPF library of James 3.8.1), on the same records in memory. One operation evaluates every
 * scenario of {@link SpfZone} once.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SpfBenchmark {

    private SpfVerifier mailPolicy;
    private SPF jspf;
    private InetAddress[] addresses;

    @Setup
    public void setUp() {
        mailPolicy = new SpfVerifier(SpfZone.inMemoryResolver(), SpfOptions.defaults());
        jspf = new SPF(new JspfInMemoryDns(SpfZone.RECORDS));
        addresses = SpfZone.SCENARIOS.stream().map(SpfZone.Scenario::address).toArray(InetAddress[]::new);
    }

    @Benchmark
    public void mailPolicySpf(Blackhole blackhole) {
        for (int i = 0; i < addresses.length; i++) {
            SpfZone.Scenario scenario = SpfZone.SCENARIOS.get(i);
            blackhole.consume(mailPolicy.verifyMailFrom(addresses[i], scenario.helo, scenario.mailFrom).join());
        }
    }

    @Benchmark
    public void jspf(Blackhole blackhole) {
        for (SpfZone.Scenario scenario : SpfZone.SCENARIOS) {
            blackhole.consume(jspf.checkSPF(scenario.ip, scenario.mailFrom, scenario.helo).getResult());
        }
    }
}
