//! Every action a menu item, button or keyboard shortcut can trigger, as one
//! enum; the app queues them and carries them out in one place each frame.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::corrections::Correction;

/// An action of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Ask for a folder with a native dialog, then load it.
    OpenFolder,
    /// Ask for files with a native dialog, then load them.
    OpenFiles,
    /// Load these paths instead of the current corpus.
    Load(Vec<PathBuf>),
    /// Add these paths to the current corpus (dropped on the window).
    Add(Vec<PathBuf>),
    /// Stop the running load.
    CancelLoad,
    FitView,
    ToggleLayout,
    Relayout,
    ZoomIn,
    ZoomOut,
    ClearSelection,
    FocusSearch,
    ToggleSkipped,
    /// Full screen, side panels hidden, large labels and thick edges.
    TogglePresentation,
    ToggleTheme,
    PreviousDocument,
    NextDocument,
    ShowShortcuts,
    /// The dialog exporting a picture of the graph.
    ExportImage,
    /// The dialog exporting the graph as a file for other tools.
    ExportGraph,
    /// Show or hide the Plots panel.
    TogglePlots,
    /// Open the path finder, from the selected entity.
    FindPath,
    /// Story playback on or off.
    TogglePlayback,
    /// Play or pause the story (starting playback if it is off).
    PlayPause,
    /// Show the graph as of this many documents of the story.
    PlaybackTo(usize),
    /// Correct the extraction (Edit menu, inspector).
    Edit(EditCommand),
    /// Save, open and close projects (File menu).
    Project(ProjectCommand),
}

/// An action of the Edit menu or the inspector on the extraction.
#[derive(Debug, Clone, PartialEq)]
pub enum EditCommand {
    /// Make a correction.
    Apply(Correction),
    Undo,
    Redo,
    /// Ask for what a correction of the selected entity needs.
    Ask(Ask),
    ToggleHiddenList,
    /// Ask where to save the corrections as a gazetteer table.
    SaveGazetteer,
    SaveGazetteerTo(PathBuf),
}

/// The dialogs that complete a correction of the selected entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Pick the entity to merge it into.
    MergeInto,
    Rename,
    AddAlias,
}

/// An action on the project file.
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectCommand {
    /// Save to the project's file, or ask where when it has none.
    Save,
    /// Ask where to save, and whether to embed the article texts.
    SaveAs,
    SaveTo {
        path: PathBuf,
        embed: bool,
    },
    /// Ask for a project with a native dialog, then open it.
    Open,
    OpenAt(PathBuf),
    /// Close the window (asking to save changes first).
    Quit,
}

impl From<EditCommand> for Command {
    fn from(command: EditCommand) -> Command {
        Command::Edit(command)
    }
}

impl From<ProjectCommand> for Command {
    fn from(command: ProjectCommand) -> Command {
        Command::Project(command)
    }
}

/// The first keyboard shortcut of `command`, to show beside a menu item.
pub fn shortcut_of(command: &Command) -> Option<KeyboardShortcut> {
    SHORTCUTS
        .iter()
        .find(|(_, c, _)| c == command)
        .map(|(shortcut, _, _)| *shortcut)
}

/// Keyboard shortcuts and what they do, as listed in Help.
pub const SHORTCUTS: &[(KeyboardShortcut, Command, &str)] = &[
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
        Command::OpenFiles,
        "Open files or a project",
    ),
    // Shift variants first: Ctrl+Z also matches Ctrl+Shift+Z.
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S),
        Command::Project(ProjectCommand::SaveAs),
        "Save the project as…",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
        Command::Project(ProjectCommand::Save),
        "Save the project",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z),
        Command::Edit(EditCommand::Redo),
        "Redo the last undone correction",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Z),
        Command::Edit(EditCommand::Undo),
        "Undo the last correction",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
        Command::Edit(EditCommand::Redo),
        "Redo the last undone correction",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Q),
        Command::Project(ProjectCommand::Quit),
        "Quit (asks to save changes)",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::F),
        Command::FocusSearch,
        "Search entities",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::E),
        Command::ExportImage,
        "Export an image of the graph",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::F),
        Command::FitView,
        "Fit the graph to the view",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Space),
        Command::ToggleLayout,
        "Pause or resume the layout",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Plus),
        Command::ZoomIn,
        "Zoom in",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Equals),
        Command::ZoomIn,
        "Zoom in",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Minus),
        Command::ZoomOut,
        "Zoom out",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::ArrowLeft),
        Command::PreviousDocument,
        "Previous document",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::ArrowRight),
        Command::NextDocument,
        "Next document",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::F11),
        Command::TogglePresentation,
        "Presentation mode on or off",
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::P),
        Command::FindPath,
        "Find a path between two entities",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::T),
        Command::TogglePlayback,
        "Story playback on or off",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::P),
        Command::PlayPause,
        "Play or pause the story",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::F1),
        Command::ShowShortcuts,
        "This list of shortcuts",
    ),
    (
        KeyboardShortcut::new(Modifiers::NONE, Key::Escape),
        Command::ClearSelection,
        "Clear the selection",
    ),
];

/// Commands whose shortcut was pressed this frame. Plain keys, undo and
/// redo are left to a text field that has the keyboard.
pub fn pressed(ctx: &egui::Context) -> Vec<Command> {
    let typing = ctx.egui_wants_keyboard_input();
    ctx.input_mut(|input| {
        SHORTCUTS
            .iter()
            .filter(|(shortcut, command, _)| {
                !typing
                    || (shortcut.modifiers != Modifiers::NONE
                        && !matches!(
                            command,
                            Command::Edit(EditCommand::Undo | EditCommand::Redo)
                        ))
                    || matches!(shortcut.logical_key, Key::Escape | Key::F1 | Key::F11)
            })
            .filter(|(shortcut, _, _)| input.consume_shortcut(shortcut))
            .map(|(_, command, _)| command.clone())
            .collect()
    })
}
