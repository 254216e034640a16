package ai.factory.gateway.mcp.upstream;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UpstreamRepository extends CrudRepository<UpstreamRow, String> {

    List<UpstreamRow> findAllOrderByName();
}
