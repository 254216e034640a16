package ai.factory.gateway.chat;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ChannelRepository extends CrudRepository<ChannelRow, String> {

    List<ChannelRow> findByTenantIdOrderByCreatedAt(String tenantId);

    Optional<ChannelRow> findByIdAndTenantId(String id, String tenantId);

    boolean existsByPlatformAndWorkspace(String platform, String workspace);
}
