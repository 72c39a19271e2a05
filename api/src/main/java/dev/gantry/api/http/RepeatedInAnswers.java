package dev.gantry.api.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a wire type whose objects one answer often carries several times, the same object each
 * time (a run embeds its repository twice, a page of 100 runs shares one repository and a few
 * actors). {@link Json} serializes such an object once per answer and copies its bytes for every
 * other place it appears; the bytes are the same as writing it out each time.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RepeatedInAnswers {}
