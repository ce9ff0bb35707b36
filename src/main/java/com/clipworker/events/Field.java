package com.clipworker.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one component of an event payload record: what it holds and what it means.
 * Read by the validation and by the schema and TypeScript exporter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Field {

	/** What the field holds. */
	FieldKind kind();

	/** One sentence for the web app's developers. */
	String description();

	/** Whether the field may be absent. */
	boolean optional() default false;

}
