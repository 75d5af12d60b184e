package dev.i2v.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real Kafka broker: a parameter or field of type {@link KafkaBroker}.
 * Testcontainers' Kafka container where a Docker engine answers, else an in-JVM KRaft cluster.
 * One broker per test JVM, shared; each test uses its own topic names and group ids.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealKafkaExtension.class)
public @interface RealKafka {
}
