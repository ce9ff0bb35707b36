package com.clipworker.web;

import com.clipworker.storage.ObjectStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Health checks of the two stores, both essential: without the database or the object
 * store the worker can run no job.
 */
@Configuration(proxyBeanMethods = false)
class PersistenceHealthChecks {

	@Bean
	DependencyCheck databaseCheck(JdbcClient jdbc) {
		return DependencyCheck.essential("database", () -> jdbc.sql("select 1").query(Integer.class).single());
	}

	@Bean
	DependencyCheck objectStoreCheck(ObjectStore store) {
		return DependencyCheck.essential("objectStore", () -> {
			store.check();
			return true;
		});
	}

}
