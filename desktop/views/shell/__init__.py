"""The window around the workflow pages: main window, client bar, status bar, history panel, SOP viewer and the error and start-up dialogs."""
