package ai.factory.gateway.tenant;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiKeyRepository extends CrudRepository<ApiKey, String> {

    Optional<ApiKey> findByKeyHash(String keyHash);

    List<ApiKey> findByTenantIdOrderByCreatedAt(String tenantId);

    /** Whether a key without the checksummed {@code sk-gw-v1-} format is still active (see auth/UnversionedKeys). */
    @Query("SELECT EXISTS (SELECT 1 FROM api_keys WHERE status = 'active' AND prefix NOT LIKE 'sk-gw-v1-%')")
    boolean existsActiveUnversioned();
}
