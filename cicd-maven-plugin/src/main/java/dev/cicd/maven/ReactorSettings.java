package dev.cicd.maven;

import dev.cicd.common.CicdException;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MavenPluginManager;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.PluginConfigurationException;
import org.apache.maven.plugin.PluginContainerException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Reads another module's pipeline settings exactly as that module's goals get them: Maven itself
 * configures this plugin's {@code context} goal for the module (its POM configuration first, then
 * {@code -D} properties and the module's properties, then defaults), and the settings are taken
 * from that goal's parameters as every goal takes its own. {@code cicd:plan} and change detection
 * use it, so a new setting needs one edit and plan cannot disagree with the build.
 */
final class ReactorSettings {

    static final String PLUGIN_KEY = "dev.cicd:cicd-maven-plugin";
    private static final String SETTINGS_GOAL = "context";

    private final MavenSession session;
    private final MojoDescriptor settingsGoal;
    private final MavenPluginManager plugins;

    /** @param running the execution of the goal that asks (its plugin descriptor knows this plugin's goals) */
    ReactorSettings(MavenSession session, MojoExecution running, MavenPluginManager plugins) {
        this.session = session;
        this.settingsGoal = running.getMojoDescriptor().getPluginDescriptor().getMojo(SETTINGS_GOAL);
        this.plugins = plugins;
    }

    /** The module's settings; empty when the module does not use this plugin. */
    Optional<ModuleSettings> of(MavenProject module) {
        Plugin plugin = module.getPlugin(PLUGIN_KEY);
        if (plugin == null) {
            return Optional.empty();
        }
        MojoExecution execution = new MojoExecution(settingsGoal, "cicd-settings");
        execution.setConfiguration(finalConfiguration(pomConfiguration(plugin)));
        MavenSession moduleSession = session.clone();
        moduleSession.setCurrentProject(module);
        Mojo mojo;
        try {
            mojo = plugins.getConfiguredMojo(Mojo.class, moduleSession, execution);
        } catch (PluginConfigurationException | PluginContainerException e) {
            throw CicdException.project("the configuration of " + module.getId() + " for this plugin is not valid: "
                    + e.getMessage() + "; run mvn -pl " + module.getGroupId() + ":" + module.getArtifactId()
                    + " cicd:context to see the same error for that module alone");
        }
        try {
            return Optional.of(((AbstractPipelineMojo) mojo).moduleSettings());
        } finally {
            plugins.releaseMojo(mojo, execution);
        }
    }

    /**
     * What the module's POM configures for the goals of its build: the execution that runs the
     * context goal, which Maven has already merged with the plugin-level configuration, or else the
     * plugin-level configuration itself (as for a goal given on the command line).
     */
    private static Xpp3Dom pomConfiguration(Plugin plugin) {
        for (PluginExecution execution : plugin.getExecutions()) {
            if (execution.getGoals().contains(SETTINGS_GOAL) && execution.getConfiguration() instanceof Xpp3Dom dom) {
                return dom;
            }
        }
        return plugin.getConfiguration() instanceof Xpp3Dom dom ? dom : new Xpp3Dom("configuration");
    }

    /**
     * The POM's configuration completed with the goal's own expressions and defaults, parameter by
     * parameter, as Maven's lifecycle does before it configures a goal.
     */
    private Xpp3Dom finalConfiguration(Xpp3Dom pom) {
        PlexusConfiguration defaults = settingsGoal.getMojoConfiguration();
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        for (Parameter parameter : settingsGoal.getParameters()) {
            Xpp3Dom given = pom.getChild(parameter.getName());
            if (given == null && parameter.getAlias() != null) {
                given = pom.getChild(parameter.getAlias());
            }
            Xpp3Dom merged = Xpp3Dom.mergeXpp3Dom(given, defaultOf(defaults.getChild(parameter.getName(), false)));
            if (merged != null) {
                merged = new Xpp3Dom(merged, parameter.getName());
                if (merged.getAttribute("implementation") == null && parameter.getImplementation() != null) {
                    merged.setAttribute("implementation", parameter.getImplementation());
                }
                configuration.addChild(merged);
            }
        }
        return configuration;
    }

    private static Xpp3Dom defaultOf(PlexusConfiguration parameter) {
        if (parameter == null) {
            return null;
        }
        Xpp3Dom dom = new Xpp3Dom(parameter.getName());
        dom.setValue(parameter.getValue(null));
        for (String attribute : parameter.getAttributeNames()) {
            dom.setAttribute(attribute, parameter.getAttribute(attribute, null));
        }
        return dom;
    }
}
