"""Right: the reference solution, the recipe the lab's cell is held to (utils.labs.lab05.lesson)."""
EXPECT_STATUS = "passed"
EXPECT = r"Exercise 2 passed: 400 inputs -> Dense 25 ReLU -> Dense 15 ReLU -> Dense 10 linear \(10,575 parameters\)"


def build():
    from utils.labs.lab05.lesson import build_course_model
    return build_course_model()
