"""The exercise-check framework and each graded lab's rules."""
