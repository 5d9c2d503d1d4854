// Tests never reach the network; nock (when a test loads it) sees native fetch too.
process.env.TZ = 'Asia/Shanghai';
