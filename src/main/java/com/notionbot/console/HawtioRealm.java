package com.notionbot.console;

import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

/**
 * The JAAS configuration of Hawtio's realm ({@code hawtio.realm}): one entry,
 * {@link SpringSecurityLoginModule}. Hawtio reads the realm's entries from the JVM's JAAS
 * configuration when its servlet context starts, so {@link #install(String)} runs before that;
 * every other JAAS name is answered by the configuration that was there before. It holds no state,
 * so installing it again (a second application context in the same JVM) changes nothing.
 */
final class HawtioRealm extends Configuration {

    private final String realm;
    private final Configuration previous;

    private HawtioRealm(String realm, Configuration previous) {
        this.realm = realm;
        this.previous = previous;
    }

    static synchronized void install(String realm) {
        Configuration current = Configuration.getConfiguration();
        if (current instanceof HawtioRealm installed && installed.realm.equals(realm)) {
            return;
        }
        Configuration.setConfiguration(new HawtioRealm(realm, current));
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        if (realm.equals(name)) {
            return new AppConfigurationEntry[] {new AppConfigurationEntry(SpringSecurityLoginModule.class.getName(),
                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())};
        }
        return previous == null ? null : previous.getAppConfigurationEntry(name);
    }

    @Override
    public void refresh() {
        if (previous != null) {
            previous.refresh();
        }
    }
}
