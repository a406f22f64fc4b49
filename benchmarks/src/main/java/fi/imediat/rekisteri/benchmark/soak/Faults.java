package fi.imediat.rekisteri.benchmark.soak;

import fi.imediat.rekisteri.infra.LocalStack;
import fi.imediat.rekisteri.infra.ServiceProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The soak's faults, drawn from the seed: a service killed (SIGKILL) and started again every few minutes, a broker
 * restart a third of the way in and a PostgreSQL restart two thirds of the way in. Each is one step; the load goes on
 * through all of them.
 */
final class Faults {

    /** One fault: when, after the start, and what. */
    record Fault(Duration at, String what, Runnable apply) {
    }

    private static final Duration SERVICE_DOWN = Duration.ofSeconds(10);
    private static final Duration BROKER_DOWN = Duration.ofSeconds(20);
    private static final Duration DATABASE_DOWN = Duration.ofSeconds(10);
    private static final Duration READY = Duration.ofSeconds(180);

    private Faults() {
    }

    /** Kills at every sixth of the run (give or take a minute's tenth), the broker at 35 %, PostgreSQL at 68 %. */
    static List<Fault> over(Duration run, LocalStack stack, long seed) {
        Random random = new Random(seed);
        List<String> services = List.of("customer-service", "consent-service", "retention-service");
        List<Fault> faults = new ArrayList<>();
        for (int sixth = 1; sixth < 6; sixth++) {
            String service = services.get(random.nextInt(services.size()));
            Duration at = run.multipliedBy(sixth).dividedBy(6).plusSeconds(random.nextInt(12) - 6);
            faults.add(new Fault(at, "kill -9 " + service, () -> killAndRestart(stack.service(service))));
        }
        faults.add(new Fault(run.multipliedBy(35).dividedBy(100), "broker restart", () -> {
            stack.kafka().stop();
            pause(BROKER_DOWN);
            stack.kafka().restart();
        }));
        faults.add(new Fault(run.multipliedBy(68).dividedBy(100), "PostgreSQL restart", () -> {
            stack.postgres().stop();
            pause(DATABASE_DOWN);
            stack.postgres().restart();
        }));
        faults.sort((a, b) -> a.at().compareTo(b.at()));
        return faults;
    }

    private static void killAndRestart(ServiceProcess service) {
        service.kill();
        pause(SERVICE_DOWN);
        service.restart();
        service.awaitReady(READY);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
