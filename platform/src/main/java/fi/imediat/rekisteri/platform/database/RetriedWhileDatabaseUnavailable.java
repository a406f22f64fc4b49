package fi.imediat.rekisteri.platform.database;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a Kafka consumer method: a database outage (or a transaction lost to a concurrent one) is waited out and the
 * batch of records applied again, instead of failing the records into their dead-letter topic. They are not poison;
 * only the database was away, and the partition has nothing else it could do meanwhile.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RetriedWhileDatabaseUnavailable {
}
