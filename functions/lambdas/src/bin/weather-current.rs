//! Lambda function `weather-current`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("weather-current");
