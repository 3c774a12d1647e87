package io.expaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void everyDocumentedKeyIsValidatedAndEveryValidatedKeyIsDocumented() {
    assertThat(Settings.undocumentedOrUnvalidated()).isEmpty();
  }

  @Test
  void theDefaultsAreTheDesignsUnitAndContextMapping() {
    Settings defaults = Settings.defaults();
    assertThat(defaults.unitPrecedence()).containsExactly("amplitude_id", "user_id", "device_id");
    assertThat(defaults.contextFields()).containsEntry("os_name", "os")
        .containsEntry("version_name", "version").containsEntry("carrier", "carrier").hasSize(14);
    assertThat(List.copyOf(defaults.contextFields().keySet()).subList(0, 3))
        .containsExactly("user_id", "device_id", "amplitude_id");
  }

  @Test
  void aFileChangesOnlyTheKeysItNamesAndSetWinsOverIt() {
    Settings s = Settings.defaults()
        .withFile("# mine\nunit.precedence = user_id, device_id\ncontext.field.library = sdk\n"
            + "context.field.carrier =\n", "my.properties")
        .with("unit.precedence=device_id");
    assertThat(s.unitPrecedence()).containsExactly("device_id");
    assertThat(s.contextFields()).containsEntry("library", "sdk").doesNotContainKey("carrier")
        .containsEntry("os_name", "os");
    assertThat(s.asMap()).containsEntry("unit.precedence", "device_id");
  }

  @Test
  void unknownKeysAndBadValuesAreRejectedNamingTheirSource() {
    assertThatThrownBy(() -> Settings.defaults().withFile("srm.alpah = 0.01\n", "conf/my.properties"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("conf/my.properties: unknown key 'srm.alpah' (the keys are documented in"
            + " conf/expaudit.properties)");
    assertThatThrownBy(() -> Settings.defaults().with("unit.precedence=user_id,email"))
        .hasMessageStartingWith("--set: unit.precedence = 'user_id,email': must list");
    assertThatThrownBy(() -> Settings.defaults().with("unit.precedence=user_id,user_id"))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> Settings.defaults().with("context.field.os_name=os name"))
        .hasMessageContaining("must be a context field name");
    assertThatThrownBy(() -> Settings.defaults().with("no-equals-sign"))
        .hasMessage("--set no-equals-sign: expected key=value");
    assertThatThrownBy(() -> Settings.defaults().with("context.field.=x"))
        .hasMessageContaining("unknown key 'context.field.'");
  }

  @Test
  void twoEventFieldsCannotFillOneContextField() {
    assertThatThrownBy(() -> Settings.defaults().withFile("context.field.platform = os\n", "my.properties"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("my.properties: context.field.os_name = 'os': context field already filled by"
            + " context.field.platform");
    assertThatThrownBy(() -> Settings.defaults().with("context.field.traits=user_properties"))
        .hasMessage("--set: context.field.traits = 'user_properties': that context field holds the"
            + " event's user properties");
    // moving a field away first is fine
    assertThat(Settings.defaults().with("context.field.os_name=").with("context.field.platform=os")
        .contextFields()).containsEntry("platform", "os").doesNotContainKey("os_name");
  }
}
