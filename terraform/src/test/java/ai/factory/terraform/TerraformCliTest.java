package ai.factory.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real terraform binary on the repository's Terraform: formatting of every file, and
 * {@code terraform test} of the provider-less module (offline: it needs no provider). Runs in the
 * Maven build where terraform is installed (profile {@code terraform-cli} in terraform/pom.xml).
 */
class TerraformCliTest {

    static String terraform() {
        return System.getProperty("terraform.binary", "terraform");
    }

    record Result(int exit, String output) {
    }

    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(terraform());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("TF_CLI_CONFIG_FILE", "/dev/null");
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "terraform " + args[0] + " did not finish");
        return new Result(process.exitValue(), output);
    }

    @Test
    void every_terraform_file_is_formatted() throws Exception {
        Result fmt = run(TerraformFiles.ROOT, "fmt", "-check", "-recursive", "-no-color");
        assertEquals(0, fmt.exit(), "unformatted (run terraform fmt -recursive terraform/):\n" + fmt.output());
    }

    @Test
    void the_gateway_config_module_passes_its_terraform_tests() throws Exception {
        Path module = TerraformFiles.ROOT.resolve("modules/gateway-config");
        Result init = run(module, "init", "-backend=false", "-input=false", "-no-color");
        assertEquals(0, init.exit(), init.output());
        Result test = run(module, "test", "-no-color");
        assertEquals(0, test.exit(), test.output());
        assertTrue(test.output().contains("0 failed") && !test.output().contains(" 0 passed"), test.output());
    }
}
