package dev.chartsec.audit.pss.checks;

import java.util.List;

import dev.chartsec.audit.pss.Check;
import dev.chartsec.audit.pss.Registry;

/** Every check of the standard (upstream's {@code policy.DefaultChecks}), and the registry built from them. */
public final class DefaultChecks {
    public static final List<Check> ALL = List.of(AllowPrivilegeEscalation.check(), AppArmorProfile.check(),
            CapabilitiesBaseline.check(), CapabilitiesRestricted.check(), HostNamespaces.check(), HostPathVolumes.check(),
            HostPorts.check(), HostProbesAndHostLifecycle.check(), Privileged.check(), ProcMountBaseline.check(),
            ProcMountRestricted.check(), RestrictedVolumes.check(), RunAsNonRoot.check(), RunAsUser.check(),
            SeLinuxOptions.check(), SeccompProfileBaseline.check(), SeccompProfileRestricted.check(), Sysctls.check(),
            WindowsHostProcess.check());

    public static final Registry REGISTRY = new Registry(ALL);

    private DefaultChecks() {
    }
}
