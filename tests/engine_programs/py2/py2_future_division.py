# from __future__ import division turns / into true division in this module only.
from __future__ import division
print 7 / 2, -7 / 2, 7 // 2, 1 / 4
x = 9
x /= 2
print x
