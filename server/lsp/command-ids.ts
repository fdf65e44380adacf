// The ids of the commands the server executes, apart from their handlers: the capabilities announced at
// `initialize` need the ids before any handler exists, and a module of their own keeps that free of cycles.
/** The command behind "Open the war story": the server asks the client to show the link. */
export const OPEN_STORY_COMMAND = 'kube-hindsight.openStory';
/** The command behind "Kube Hindsight: Analyse workspace". */
export const ANALYSE_WORKSPACE_COMMAND = 'kube-hindsight.analyseWorkspace';
/** Every command the server executes (`workspace/executeCommand`). */
export const COMMANDS: readonly string[] = [OPEN_STORY_COMMAND, ANALYSE_WORKSPACE_COMMAND];
