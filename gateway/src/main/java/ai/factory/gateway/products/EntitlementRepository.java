package ai.factory.gateway.products;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface EntitlementRepository extends CrudRepository<Entitlement, String> {

    List<Entitlement> findByTenantId(String tenantId);
}
