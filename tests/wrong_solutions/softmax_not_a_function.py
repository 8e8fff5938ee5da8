"""my_softmax assigned a value instead of defined as a function."""
EXPECT_STATUS = "wrong"
EXPECT = r"my_softmax must be a function \(def my_softmax\(z\): \.\.\.\), got int 3"

my_softmax = 3
