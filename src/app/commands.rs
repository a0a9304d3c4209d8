//! Every action a menu item, button or keyboard shortcut can trigger, as one
//! enum; the app queues them and carries them out in one place each frame.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

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
}

/// Keyboard shortcuts and what they do, as listed in Help.
pub const SHORTCUTS: &[(KeyboardShortcut, Command, &str)] = &[
    (
        KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
        Command::OpenFiles,
        "Open files",
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

/// Commands whose shortcut was pressed this frame. Plain keys are ignored
/// while a text field has the keyboard.
pub fn pressed(ctx: &egui::Context) -> Vec<Command> {
    let typing = ctx.egui_wants_keyboard_input();
    ctx.input_mut(|input| {
        SHORTCUTS
            .iter()
            .filter(|(shortcut, _, _)| {
                !typing
                    || shortcut.modifiers != Modifiers::NONE
                    || matches!(shortcut.logical_key, Key::Escape | Key::F1 | Key::F11)
            })
            .filter(|(shortcut, _, _)| input.consume_shortcut(shortcut))
            .map(|(_, command, _)| command.clone())
            .collect()
    })
}
