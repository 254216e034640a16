package ai.factory.gateway.policy;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PolicyOverrideRepository extends CrudRepository<PolicyOverride, String> {

    List<PolicyOverride> findByTenantId(String tenantId);
}
